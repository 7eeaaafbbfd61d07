import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyCodebase } from '../../src/index.js';
import { announceSkip, realPipyMissing } from '../support/environment.js';
import { GOLDEN_ROOT, goldenCases } from '../support/golden.js';

const missing = realPipyMissing();
announceSkip('golden codebases load in real Pipy', missing);
const codebases = goldenCases().filter((name) => existsSync(join(GOLDEN_ROOT, name, 'expected', 'main.js')));

describe.skipIf(missing)('every golden codebase loads in real Pipy (pipyc verify)', () => {
  it.each(codebases)('%s', async (name) => {
    const result = await verifyCodebase(join(GOLDEN_ROOT, name, 'expected'));
    expect(result, JSON.stringify(result)).toMatchObject({ kind: 'verified' });
  });
});

describe.skipIf(missing)('pipyc verify reports what Pipy refuses at the generated line and column', () => {
  it('maps a syntax error to main.js:line:column', async () => {
    const { mkdtempSync, writeFileSync, readFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'pipyc-verify-test-'));
    const source = join(GOLDEN_ROOT, 'passthrough-on', 'expected');
    writeFileSync(join(dir, 'manifest.json'), readFileSync(join(source, 'manifest.json')));
    writeFileSync(join(dir, 'main.js'), readFileSync(join(source, 'main.js'), 'utf8').replace('targetOf = (ip, port) =>', 'targetOf = (ip, port) => )'));
    const result = await verifyCodebase(dir);
    expect(result.kind).toBe('failed');
    if (result.kind === 'failed') {
      expect(result.diagnostics[0]).toMatchObject({ code: 'PIPYC5004', position: { file: 'main.js' } });
      expect(result.diagnostics[0]?.message).toMatch(/Syntax error/);
    }
  });
});
