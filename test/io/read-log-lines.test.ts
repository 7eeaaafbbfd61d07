import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { forEachLogLine } from '../../src/io/read-log-lines.js';

/** The lines readline gives for the same bytes (what learn read them with before). */
async function byReadline(bytes: Buffer): Promise<string[]> {
  const out: string[] = [];
  for await (const l of createInterface({ input: Readable.from([bytes]), crlfDelay: Number.POSITIVE_INFINITY }))
    out.push(l);
  return out;
}

/** The lines and places forEachLogLine gives for the bytes cut into chunks at `cuts`. */
async function byChunks(bytes: Buffer, cuts: number[]): Promise<[string, string][]> {
  const edges = [...new Set([0, ...cuts.map((c) => c % (bytes.length + 1)), bytes.length])].sort((a, b) => a - b);
  const chunks = edges.slice(1).map((end, i) => bytes.subarray(edges[i], end));
  const out: [string, string][] = [];
  await forEachLogLine(['-'], Readable.from(chunks), (text, at) => out.push([text, at()]));
  return out;
}

describe('the lines of a log, as readline reads them, a chunk at a time', () => {
  it.each([
    ['LF', 'a\nb\n'],
    ['CRLF', 'a\r\nb\r\n'],
    ['a lone CR', 'a\rb\n'],
    ['no final line break', 'a\nb'],
    ['empty lines', '\n\na\n\n'],
    ['nothing', ''],
    ['a final CR', 'a\r'],
    ['multi-byte characters', 'é\n日本\r\n🙂'],
  ])('%s', async (_name, text) => {
    const bytes = Buffer.from(text, 'utf8');
    const expected = await byReadline(bytes);
    for (let cut = 0; cut <= bytes.length; cut++) {
      const lines = await byChunks(bytes, [cut]);
      expect(lines.map(([l]) => l)).toEqual(expected);
      expect(lines.map(([, at]) => at)).toEqual(expected.map((_, i) => `<stdin>:${i + 1}`));
    }
  });

  it('agrees with readline on 500 random texts cut at random places', async () => {
    const text = fc
      .array(fc.constantFrom('a', 'é', '\n', '\r', '\r\n', ' ', '🙂'), { maxLength: 40 })
      .map((p) => p.join(''));
    await fc.assert(
      fc.asyncProperty(text, fc.array(fc.nat(), { maxLength: 5 }), async (t, cuts) => {
        const bytes = Buffer.from(t, 'utf8');
        expect((await byChunks(bytes, cuts)).map(([l]) => l)).toEqual(await byReadline(bytes));
      }),
      { numRuns: 500, seed: 3 },
    );
  });
});
