import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyCodebase } from '../../src/index.js';
import { announceSkip, realPipyMissing, TEST_TARGET } from '../support/environment.js';
import { compileToDir } from '../support/compile-to-dir.js';
import { GOLDEN_ROOT, goldenCases, MESH_CASES } from '../support/golden.js';

const missing = realPipyMissing();
announceSkip('golden codebases load in real Pipy', missing);
const codebases = goldenCases().filter((name) => existsSync(join(GOLDEN_ROOT, name, 'expected', 'main.js')));

describe.skipIf(missing)(
  `every golden spec loads in real Pipy compiled for ${TEST_TARGET}; a codebase for the other target is refused (pipyc verify)`,
  () => {
    it.each(codebases)('%s', async (name) => {
      const golden = join(GOLDEN_ROOT, name, 'expected');
      const { target } = JSON.parse(readFileSync(join(golden, 'manifest.json'), 'utf8')) as { target: string };
      if (target === TEST_TARGET) {
        const result = await verifyCodebase(golden);
        expect(result, JSON.stringify(result)).toMatchObject({ kind: 'verified' });
        return;
      }
      const refused = await verifyCodebase(golden);
      expect(refused).toMatchObject({
        kind: 'failed',
        diagnostics: [{ code: 'PIPYC6006', message: expect.stringContaining(`was compiled for ${target}`) }],
      });
      const { dir } = compileToDir(parse(readFileSync(join(GOLDEN_ROOT, name, 'spec.yaml'), 'utf8')));
      const result = await verifyCodebase(dir);
      expect(result, JSON.stringify(result)).toMatchObject({ kind: 'verified' });
    });
  },
);

/** Mesh cases' compiled identities (golden/mesh-objects/<case>/expected/<namespace>.<name>/). */
const meshCodebases = readdirSync(join(GOLDEN_ROOT, MESH_CASES)).flatMap((c) => {
  const expected = join(GOLDEN_ROOT, MESH_CASES, c, 'expected');
  return readdirSync(expected)
    .filter((d) => existsSync(join(expected, d, 'main.js')))
    .map((d) => `${MESH_CASES}/${c}/expected/${d}`);
});

describe.skipIf(missing)(`every golden identity compiled from mesh objects loads in real Pipy (${TEST_TARGET})`, () => {
  it.each(meshCodebases)('%s', async (name) => {
    const result = await verifyCodebase(join(GOLDEN_ROOT, name));
    const { target } = JSON.parse(readFileSync(join(GOLDEN_ROOT, name, 'manifest.json'), 'utf8')) as { target: string };
    expect(result, JSON.stringify(result)).toMatchObject(
      target === TEST_TARGET ? { kind: 'verified' } : { kind: 'failed', diagnostics: [{ code: 'PIPYC6006' }] },
    );
  });
});

describe.skipIf(missing)('pipyc verify reports what Pipy refuses at the generated line and column', () => {
  it('maps a syntax error to main.js:line:column', async () => {
    const { writeFileSync } = await import('node:fs');
    const { dir } = compileToDir(
      parse(readFileSync(join(GOLDEN_ROOT, 'sidecar', 'passthrough-on', 'spec.yaml'), 'utf8')),
    );
    writeFileSync(
      join(dir, 'main.js'),
      readFileSync(join(dir, 'main.js'), 'utf8').replace('targetOf = (ip, port) =>', 'targetOf = (ip, port) => )'),
    );
    const result = await verifyCodebase(dir);
    expect(result.kind).toBe('failed');
    if (result.kind === 'failed') {
      expect(result.diagnostics[0]).toMatchObject({ code: 'PIPYC5004', position: { file: 'main.js' } });
      expect(result.diagnostics[0]?.message).toMatch(/Syntax error/);
    }
  });
});
