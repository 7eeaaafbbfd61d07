import { createReadStream, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { error, PipycError } from '../diagnostics/diagnostic.js';
import { compareText } from '../util/compare.js';
import type { Stdin } from './read-input.js';

/**
 * Hands every line of the logs behind `paths` to `line` with where it was (`file:line`, said by a function: most lines
 * are not kept, and a million places cost a million strings): files, '-' for stdin, or
 * directories read recursively (every regular file in name order, hidden entries skipped), streamed so that logs of
 * any size are read in constant memory. The disk edge of `pipyc learn`.
 */
export async function forEachLogLine(
  paths: readonly string[],
  stdin: Stdin,
  line: (text: string, at: () => string) => void,
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

async function readLines(
  stream: Readable,
  name: string,
  line: (text: string, at: () => string) => void,
): Promise<void> {
  let n = 0;
  const at = () => `${name}:${n}`;
  // Lines end as readline ends them: at \r\n, \n or a lone \r. A chunk at a time, split here: a million lines
  // through readline's iterator cost a promise each.
  let carry = '';
  const emit = (text: string) => {
    n++;
    line(text, at);
  };
  try {
    // A character split between two chunks is put together by the decoder.
    const decoder = new StringDecoder('utf8');
    for await (const chunk of stream) {
      const text = carry + (typeof chunk === 'string' ? chunk : decoder.write(chunk as Buffer));
      let start = 0;
      let cr = text.indexOf('\r');
      for (;;) {
        const lf = text.indexOf('\n', start);
        if (cr >= 0 && cr < start) cr = text.indexOf('\r', start);
        const end = lf < 0 ? cr : cr < 0 ? lf : Math.min(lf, cr);
        // A \r last in the chunk may be half of a \r\n: wait for the next chunk.
        if (end < 0 || (end === cr && end === text.length - 1)) break;
        emit(text.slice(start, end));
        start = end + (end === cr && text[end + 1] === '\n' ? 2 : 1);
      }
      carry = text.slice(start);
    }
    carry += decoder.end();
    if (carry !== '') emit(carry.endsWith('\r') ? carry.slice(0, -1) : carry);
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
