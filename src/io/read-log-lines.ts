import { createReadStream, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { error, PipycError } from '../diagnostics/diagnostic.js';
import { compareText } from '../util/compare.js';
import type { Stdin } from './read-input.js';

/**
 * Hands every line of the logs behind `paths` to `line` with where it was (`file:line`): files, '-' for stdin, or
 * directories read recursively (every regular file in name order, hidden entries skipped), streamed so that logs of
 * any size are read in constant memory. The disk edge of `pipyc learn`.
 */
export async function forEachLogLine(
  paths: readonly string[],
  stdin: Stdin,
  line: (text: string, at: string) => void,
): Promise<void> {
  for (const path of paths) {
    if (path === '-') {
      await readLines(Readable.from(stdin), '<stdin>', line);
      continue;
    }
    const stat = statSync(path, { throwIfNoEntry: false });
    if (!stat) throw new PipycError([error('PIPYC1001', `cannot read ${path}: no such file or directory`)]);
    for (const file of stat.isDirectory() ? filesUnder(path) : [path])
      await readLines(createReadStream(file), file, line);
  }
}

async function readLines(stream: Readable, name: string, line: (text: string, at: string) => void): Promise<void> {
  let n = 0;
  try {
    for await (const text of createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY }))
      line(text, `${name}:${++n}`);
  } catch (e) {
    throw new PipycError([error('PIPYC1001', `cannot read ${name}: ${(e as Error).message}`)]);
  }
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => !e.name.startsWith('.'))
    .sort((a, b) => compareText(a.name, b.name))
    .flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : e.isFile() ? [join(dir, e.name)] : []));
}
