import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileValue, writeCodebase, type CompileResult } from '../../src/index.js';
import { TEST_TARGET } from './environment.js';

/** Compiles a spec, for the Pipy this test project runs, into a fresh temporary codebase directory. */
export function compileToDir(spec: unknown): { dir: string; result: CompileResult } {
  const result = compileValue(spec, { target: TEST_TARGET });
  const parent = mkdtempSync(join(tmpdir(), 'pipyc-e2e-'));
  chmodSync(parent, 0o755); // Pipy runs as another uid and must reach the codebase
  const dir = join(parent, 'codebase');
  writeCodebase(dir, result.files);
  return { dir, result };
}
