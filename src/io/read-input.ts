import { readFileSync } from 'node:fs';
import { error, PipycError } from '../diagnostics/diagnostic.js';
import { MAX_INPUT_BYTES, type SpecSource } from '../parse/source.js';

/** Where '-' reads from: the process's stdin, or what a caller (the CLI run in-process) hands in. */
export type Stdin = AsyncIterable<Uint8Array>;

/** Reads a spec from a path or '-' (stdin), refusing more than the parser would accept. */
export async function readInput(
  path: string,
  maxBytes = MAX_INPUT_BYTES,
  stdin: Stdin = process.stdin,
): Promise<SpecSource> {
  if (path === '-') return { name: '<stdin>', text: await readStdin(maxBytes, stdin) };
  try {
    const buffer = readFileSync(path);
    if (buffer.length > maxBytes) throw tooLarge(path, maxBytes);
    return { name: path, text: decode(buffer, path) };
  } catch (e) {
    if (e instanceof PipycError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'it is a directory, not a file'
          : code === 'EACCES'
            ? 'permission denied'
            : (e as Error).message;
    throw new PipycError([error('PIPYC1001', `cannot read ${path}: ${reason}`)]);
  }
}

async function readStdin(maxBytes: number, stdin: Stdin): Promise<string> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of stdin) {
    size += chunk.length;
    if (size > maxBytes) throw tooLarge('<stdin>', maxBytes);
    chunks.push(chunk);
  }
  return decode(Buffer.concat(chunks), '<stdin>');
}

function decode(buffer: Buffer, name: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buffer);
  } catch {
    const offset = firstInvalidUtf8(buffer);
    const before = buffer.subarray(0, offset);
    const line = before.filter((b) => b === 10).length + 1;
    const column = offset - (before.lastIndexOf(10) + 1) + 1;
    const utf16 = buffer[0] === 0xff && buffer[1] === 0xfe ? ' (it starts like UTF-16)' : '';
    const d = error(
      'PIPYC1002',
      `${name} is not UTF-8 text: byte 0x${buffer[offset]!.toString(16).padStart(2, '0')} at offset ${offset}${utf16}`,
    );
    throw new PipycError([{ ...d, position: { file: name, line, column } }]);
  }
}

/** Offset of the first byte that does not belong to a well-formed UTF-8 sequence. */
function firstInvalidUtf8(b: Buffer): number {
  for (let i = 0; i < b.length; ) {
    const c = b[i]!;
    const n = c < 0x80 ? 0 : c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;
    if (n < 0) return i;
    for (let k = 1; k <= n; k++) if (i + k >= b.length || (b[i + k]! & 0xc0) !== 0x80) return i;
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(b.subarray(i, i + n + 1));
    } catch {
      return i;
    }
    i += n + 1;
  }
  return b.length;
}

function tooLarge(name: string, maxBytes: number): PipycError {
  return new PipycError([error('PIPYC1006', `${name} is larger than ${maxBytes / 1024 / 1024} MiB`)]);
}
