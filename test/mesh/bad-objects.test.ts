import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { compile, writeCodebase } from '../../src/index.js';
import { pipyc } from '../support/cli.js';

const CORPUS = new URL('../bad-objects/', import.meta.url).pathname;
const expectedCodes = parse(readFileSync(join(CORPUS, 'expected-codes.yaml'), 'utf8')) as Record<string, string>;
const files = readdirSync(CORPUS)
  .filter((f) => f !== 'expected-codes.yaml')
  .sort();

const snapshot = (dir: string) =>
  Object.fromEntries(
    readdirSync(dir)
      .sort()
      .map((f) => [f, readFileSync(join(dir, f), 'utf8')]),
  );

describe(`bad-object corpus (${files.length} files in test/bad-objects/): exit 1, the object and its file:line:column named, output untouched`, () => {
  let out: string;
  let before: Record<string, string>;
  beforeAll(() => {
    out = join(mkdtempSync(join(tmpdir(), 'pipyc-bad-objects-')), 'out');
    writeCodebase(out, compile({ Spec: { Traffic: { EnableEgress: true } } }).files);
    before = snapshot(out);
  });

  it('has an expected code for every file', () => {
    expect(Object.keys(expectedCodes).sort()).toEqual(files);
  });

  it.each(files)('%s', async (file) => {
    const path = join(CORPUS, file);
    for (const args of [
      ['compile', '-f', path, '--all-identities', '-o', out],
      ['resolve', '-f', path, '--identity', 'curl/curl'],
    ]) {
      const r = await pipyc(args);
      expect(r.code, r.err).toBe(1);
      expect(r.err).not.toMatch(/\n\s+at .+:\d+:\d+\)?|internal error/);
      const line = r.err.split('\n').find((l) => / error PIPYC\d+:/.test(l));
      expect(line, r.err).toBeDefined();
      expect(line).toContain(`error ${expectedCodes[file]}:`);
      expect(line, 'names file:line:column').toMatch(
        new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: `),
      );
      if (!/PIPYC1002/.test(line!))
        expect(line, 'names the object').toMatch(/: (Egress|MeshConfig|HTTPRouteGroup|object|expected)/);
      expect(r.out).toBe('');
    }
    expect(snapshot(out)).toEqual(before);
  });
});
