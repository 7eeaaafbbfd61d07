import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PipelineResult } from '../compile.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { SpecSource } from '../parse/source.js';
import { verifyCodebase } from '../verify/verify.js';
import { writeCodebase } from '../write/write-codebase.js';

interface VerifyIo {
  out: (s: string) => void;
  report: (source: SpecSource, diagnostics: Diagnostic[]) => number;
  /** Reads and compiles a spec; a number is an exit code already reported. */
  compile: (path: string) => Promise<Extract<PipelineResult, { kind: 'compiled' }> | number>;
}

export async function verifyCommand(target: string, opts: { pipy?: string; timeout: number; json?: boolean }, io: VerifyIo): Promise<number> {
  const isDir = statSync(target, { throwIfNoEntry: false })?.isDirectory() ?? false;
  let dir = target;
  let scratch: string | undefined;
  if (!isDir) {
    const compiled = await io.compile(target);
    if (typeof compiled === 'number') return compiled;
    scratch = mkdtempSync(join(tmpdir(), 'pipyc-verify-'));
    dir = join(scratch, 'codebase');
    writeCodebase(dir, compiled.files);
  }
  try {
    const result = await verifyCodebase(dir, { ...(opts.pipy && { pipy: opts.pipy }), timeoutMs: opts.timeout });
    const source = { name: join(dir, 'main.js'), text: '' };
    if (!result.ok) return io.report(source, result.diagnostics);
    if (opts.json) io.out(JSON.stringify(result, null, 2) + '\n');
    else io.out(`verified: Pipy ${result.pipyVersion} (${result.pipy}) loaded ${target} and listened on port ${result.listening} in ${result.millis} ms\n`);
    return 0;
  } finally {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  }
}
