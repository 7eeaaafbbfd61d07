import { Option } from 'commander';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileSource } from '../../compile.js';
import { SIDECAR } from '../../outputs/sidecar/family.js';
import { PipycError } from '../../diagnostics/diagnostic.js';
import { readInput } from '../../io/read-input.js';
import type { SpecSource } from '../../parse/source.js';
import { pipyVersion, verifyCodebase } from '../../verify/verify.js';
import { locatePipy } from '../../verify/pipy-binary.js';
import { targetFor } from '../../sidecar-spec/targets.js';
import { writeCodebase } from '../../write/write-codebase.js';
import { EXIT, guarded, positiveMilliseconds, printJson, report } from '../io.js';
import type { CommandContext } from './context.js';

interface VerifyOptions {
  pipy?: string;
  timeout: number;
  json?: boolean;
}

export function verifyCommand({ program, io, exit }: CommandContext): void {
  program
    .command('verify')
    .description('load a codebase (or a spec, compiled on the fly) into the real Pipy binary and wait for its listener')
    .argument('<codebase-or-spec>', "codebase directory written by 'pipyc compile', or a spec file")
    .option('--pipy <path>', 'Pipy binary (default: $PIPY_BIN, then pipy on PATH)')
    .option('--timeout <ms>', 'how long to wait for the listener', positiveMilliseconds, 10_000)
    .addOption(new Option('--json', 'print the result as JSON on stdout instead of text'))
    .action(async (target: string, opts: VerifyOptions) => {
      const sources: SpecSource[] = [{ name: target === '-' ? '<stdin>' : target, text: '' }];
      exit(await guarded(io, opts.json, sources, () => verify(target, opts, sources)));
    });

  async function verify(target: string, opts: VerifyOptions, sources: SpecSource[]): Promise<number> {
    const isDir = statSync(target, { throwIfNoEntry: false })?.isDirectory() ?? false;
    let dir = target;
    let scratch: string | undefined;
    if (!isDir) {
      const source = (sources[0] = await readInput(target));
      // A spec is compiled for the binary that will load it.
      const pipy = locatePipy(opts.pipy);
      const compiled = compileSource(source, pipy ? { target: targetFor(pipyVersion(pipy)) } : {});
      if (compiled.kind === 'failed') throw new PipycError(compiled.diagnostics);
      scratch = mkdtempSync(join(tmpdir(), 'pipyc-verify-'));
      dir = join(scratch, 'codebase');
      writeCodebase(dir, compiled.files);
    }
    try {
      const result = await verifyCodebase(dir, { ...(opts.pipy && { pipy: opts.pipy }), timeoutMs: opts.timeout });
      if (result.kind === 'failed') return report(io, [{ name: join(dir, SIDECAR.entry), text: '' }], result.diagnostics, opts.json);
      if (opts.json) printJson(io, { ok: true, ...result });
      else io.out(`verified: Pipy ${result.pipyVersion} (${result.pipy}) loaded ${target} and listened on port ${result.listening} in ${result.millis} ms\n`);
      return EXIT.ok;
    } finally {
      if (scratch) rmSync(scratch, { recursive: true, force: true });
    }
  }
}
