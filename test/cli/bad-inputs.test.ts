import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { compile, writeCodebase } from '../../src/index.js';
import { pipyc, type CliRun } from '../support/cli.js';

const CORPUS = new URL('../bad-inputs/', import.meta.url).pathname;
const expectedCodes = parse(readFileSync(join(CORPUS, 'expected-codes.yaml'), 'utf8')) as Record<string, string>;
const files = readdirSync(CORPUS)
  .filter((f) => f !== 'expected-codes.yaml')
  .sort();
/** Codes whose problem is the input as a whole, so the file name is the place. */
const WHOLE_INPUT = new Set(['PIPYC1001', 'PIPYC1004', 'PIPYC1006']);

let out: string;
let before: Record<string, string>;
const snapshot = (dir: string) =>
  Object.fromEntries(
    readdirSync(dir)
      .sort()
      .map((f) => [f, readFileSync(join(dir, f), 'utf8')]),
  );

function expectCleanFailure(r: CliRun, name: string, code: string) {
  expect(r.code, r.err).toBe(1);
  expect(r.err).not.toMatch(/\n\s+at .+:\d+:\d+\)?/);
  expect(r.err).not.toMatch(/internal error/);
  const first = r.err.split('\n')[0]!;
  expect(first).toContain(`error ${code}:`);
  expect(first.startsWith(name)).toBe(true);
  if (!WHOLE_INPUT.has(code))
    expect(first, 'names the place: line:column or JSON pointer').toMatch(
      new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: |\\[/`),
    );
  expect(snapshot(out)).toEqual(before);
}

describe(`bad-input corpus (${files.length} files in test/bad-inputs/ and generated cases): exit 1, located message, no stack trace, output untouched`, () => {
  beforeAll(() => {
    out = join(mkdtempSync(join(tmpdir(), 'pipyc-bad-')), 'out');
    writeCodebase(out, compile({ Spec: { Traffic: { EnableEgress: true } } }).files);
    before = snapshot(out);
  });

  it('has an expected code for every file and at least 40 files', () => {
    expect(files.length).toBeGreaterThanOrEqual(40);
    expect(Object.keys(expectedCodes).sort()).toEqual(files);
  });

  it.each(files)('%s', async (file) => {
    const path = join(CORPUS, file);
    expectCleanFailure(await pipyc(['compile', path, '-o', out]), path, expectedCodes[file]!);
  });

  it('a 10 MB file is refused without being parsed', async () => {
    const big = join(mkdtempSync(join(tmpdir(), 'pipyc-big-')), 'big.yaml');
    writeFileSync(big, 'Spec:\n  Traffic:\n    MeshCIDRs:\n' + '      - 10.0.0.0/8\n'.repeat((10 * 1024 * 1024) / 20));
    const r = await pipyc(['compile', big, '-o', out]);
    expectCleanFailure(r, big, 'PIPYC1006');
    expect(r.err).toContain('larger than 8 MiB');
  });

  it('a 10 MB stream on stdin is refused', async () => {
    expectCleanFailure(await pipyc(['compile', '-', '-o', out], 'x'.repeat(10 * 1024 * 1024)), '<stdin>', 'PIPYC1006');
  });

  it('stdin closed at once is empty input', async () => {
    expectCleanFailure(await pipyc(['compile', '-', '-o', out]), '<stdin>', 'PIPYC1004');
  });

  it('stdin cut off in the middle of a document', async () => {
    expectCleanFailure(
      await pipyc(['compile', '-', '-o', out], 'Spec:\n  Traffic: {EnableEgress: tr'),
      '<stdin>',
      'PIPYC1002',
    );
  });
});
