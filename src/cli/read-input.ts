import { readFileSync } from 'node:fs';
import { error, PipycError } from '../diagnostics/diagnostic.js';
import { MAX_INPUT_BYTES, type SpecSource } from '../parse/source.js';

/** Reads a spec from a path or '-' (stdin), refusing more than the parser would accept. */
export async function readInput(path: string): Promise<SpecSource> {
  if (path === '-') return { name: '<stdin>', text: await readStdin() };
  try {
    const buffer = readFileSync(path);
    if (buffer.length > MAX_INPUT_BYTES) throw tooLarge(path);
    return { name: path, text: decode(buffer, path) };
  } catch (e) {
    if (e instanceof PipycError) throw e;
    const reason = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message;
    throw new PipycError([error('PIPYC1001', `cannot read ${path}: ${reason}`)]);
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    size += (chunk as Buffer).length;
    if (size > MAX_INPUT_BYTES) throw tooLarge('<stdin>');
    chunks.push(chunk as Buffer);
  }
  return decode(Buffer.concat(chunks), '<stdin>');
}

function decode(buffer: Buffer, name: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buffer);
  } catch {
    throw new PipycError([error('PIPYC1002', `${name} is not UTF-8 text`)]);
  }
}

function tooLarge(name: string): PipycError {
  return new PipycError([error('PIPYC1006', `${name} is larger than ${MAX_INPUT_BYTES / 1024 / 1024} MiB`)]);
}
