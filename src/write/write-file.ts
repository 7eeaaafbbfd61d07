import { randomBytes } from 'node:crypto';
import { basename, dirname, join, resolve } from 'node:path';
import { error, PipycError } from '../diagnostics/diagnostic.js';
import { nodeFileSystem, type WriterFileSystem } from './file-system.js';

interface WriteFileOptions {
  /** Replace a file pipyc did not write. */
  force?: boolean;
  /** Paths (the input files) the output must not be. */
  keep?: readonly string[];
  /** How a file pipyc wrote begins (its generated header); another file is only replaced with `force`. */
  ownHeader: string;
  fs?: WriterFileSystem;
}

/**
 * Writes one generated file atomically: a temporary sibling, fsync, rename over the target. On any failure the target
 * is left exactly as it was. Refuses a directory, an input file, and a file pipyc did not write (unless `force`).
 */
export function writeGeneratedFile(path: string, contents: string, options: WriteFileOptions): void {
  const fs = options.fs ?? nodeFileSystem;
  const target = resolve(path);
  if ((options.keep ?? []).some((p) => resolve(p) === target))
    throw writeError(
      `refusing to write to ${path}: it is an input file, which the output would replace`,
      'name a file of its own, e.g. -o plugin.yaml',
    );
  let existing: ReturnType<WriterFileSystem['statSync']>;
  try {
    existing = fs.statSync(target, { throwIfNoEntry: false });
  } catch (e) {
    throw writeError(
      `cannot write ${path}: ${(e as NodeJS.ErrnoException).code === 'ENOTDIR' ? 'a part of that path is a file, not a directory' : (e as Error).message}`,
    );
  }
  if (existing?.isDirectory())
    throw writeError(`cannot write ${path}: it is a directory`, 'name a file, e.g. -o plugin.yaml');
  if (existing && !options.force && !fs.readFileSync(target, 'utf8').startsWith(options.ownHeader)) {
    throw new PipycError([
      error(
        'PIPYC6002',
        `${path} exists and was not written by pipyc; refusing to replace it`,
        undefined,
        'choose another file, or pass --force',
      ),
    ]);
  }
  const temp = join(dirname(target), `.${basename(target)}.pipyc-tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    fs.writeFileSync(temp, contents);
    fs.fsyncFile(temp);
    fs.renameSync(temp, target);
  } catch (e) {
    fs.rmSync(temp, { recursive: true, force: true });
    throw writeError(`cannot write ${path}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function writeError(message: string, hint?: string): PipycError {
  return new PipycError([error('PIPYC6001', message, undefined, hint)]);
}
