import { randomBytes } from 'node:crypto';
import { basename, dirname, join, parse, resolve, sep } from 'node:path';
import { error, PipycError } from '../diagnostics/diagnostic.js';
import type { GeneratedFile } from '../generate/generate.js';
import { MANIFEST_FILE, manifestOf } from '../manifest/manifest.js';
import { nodeFileSystem, type WriterFileSystem } from './file-system.js';

export interface WriteOptions {
  /** Replace a non-empty directory that is not a pipyc codebase. */
  force?: boolean;
  /** Paths (such as the spec file) that must not be inside the output: replacing the output would lose them. */
  keep?: readonly string[];
  fs?: WriterFileSystem;
}

/**
 * Writes a codebase atomically: everything goes into a fresh sibling directory, which then replaces the target
 * by rename. On any failure the target is left exactly as it was and the temporary directory is removed.
 */
export function writeCodebase(dir: string, files: readonly GeneratedFile[], options: WriteOptions = {}): void {
  const fs = options.fs ?? nodeFileSystem;
  const target = realTarget(fs, dir);
  const parent = dirname(target);
  const holds = (path: string) => path === target || path.startsWith(target === sep ? sep : target + sep);
  if (target === parse(target).root || holds(process.cwd()) || (options.keep ?? []).some((p) => holds(resolve(p)))) {
    throw new PipycError([
      error(
        'PIPYC6001',
        `refusing to write to ${dir}: it is ${target === parse(target).root ? 'the root directory' : holds(process.cwd()) ? 'the current directory or one of its parents' : 'a directory that holds the spec'}, which the output would replace`,
        undefined,
        'name a directory of its own, e.g. -o out',
      ),
    ]);
  }
  let existing: ReturnType<WriterFileSystem['statSync']>;
  try {
    existing = fs.statSync(target, { throwIfNoEntry: false });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOTDIR')
      throw writeError(`cannot write ${dir}: a part of that path is a file, not a directory`);
    throw writeError(`cannot write ${dir}: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (existing && !existing.isDirectory()) throw writeError(`${dir} exists and is not a directory`);
  if (existing && !options.force && !replaceable(fs, target)) {
    throw new PipycError([
      error(
        'PIPYC6002',
        `${dir} is not empty and holds no pipyc manifest.json; refusing to replace it`,
        undefined,
        'choose another directory, or pass --force',
      ),
    ]);
  }
  const tag = `${process.pid}-${randomBytes(4).toString('hex')}`;
  const temp = join(parent, `.${basename(target)}.pipyc-tmp-${tag}`);
  const old = join(parent, `.${basename(target)}.pipyc-old-${tag}`);
  try {
    // The temp directory itself not recursively: Node's recursive mkdir spins forever where mkdir fails with ENOENT
    // under an existing parent (as in /proc).
    fs.mkdirSync(parent, { recursive: true });
    fs.mkdirSync(temp);
    for (const file of files) {
      const path = join(temp, file.path);
      fs.mkdirSync(dirname(path), { recursive: true });
      fs.writeFileSync(path, file.contents);
      fs.fsyncFile(path);
    }
    if (existing) fs.renameSync(target, old);
    try {
      fs.renameSync(temp, target);
    } catch (e) {
      if (existing) fs.renameSync(old, target);
      throw e;
    }
  } catch (e) {
    fs.rmSync(temp, { recursive: true, force: true });
    throw e instanceof PipycError
      ? e
      : writeError(`cannot write ${dir}: ${e instanceof Error ? e.message : String(e)}`);
  }
  fs.rmSync(old, { recursive: true, force: true });
}

/**
 * The directory to replace: `dir` itself, or, when `dir` is a symbolic link, the directory it points to, so the
 * link stays a link and the codebase lands where it leads.
 */
function realTarget(fs: WriterFileSystem, dir: string): string {
  const path = resolve(dir);
  let link: ReturnType<WriterFileSystem['lstatSync']>;
  try {
    link = fs.lstatSync(path, { throwIfNoEntry: false });
  } catch {
    return path; // a path through a file: reported below with the other stat problems
  }
  if (!link?.isSymbolicLink()) return path;
  try {
    return fs.realpathSync(path);
  } catch {
    throw writeError(`cannot write ${dir}: it is a symbolic link to nothing`);
  }
}

function replaceable(fs: WriterFileSystem, target: string): boolean {
  if (fs.readdirSync(target).length === 0) return true;
  try {
    return manifestOf(fs.readFileSync(join(target, MANIFEST_FILE), 'utf8')).kind !== 'none';
  } catch {
    return false;
  }
}

/** The error a write throws: PIPYC6001 with what went wrong. */
function writeError(message: string): PipycError {
  return new PipycError([error('PIPYC6001', message)]);
}
