import { Option } from 'commander';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileSource } from '../../compile/compile-spec.js';
import { PipycError, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { readInput } from '../../io/read-input.js';
import type { SpecSource } from '../../parse/source.js';
import { pipyVersion, verifyCodebase } from '../../verify/verify.js';
import { locatePipy } from '../../verify/pipy-binary.js';
import { targetFor } from '../../sidecar-spec/targets.js';
import { writeCodebase } from '../../write/write-codebase.js';
import { EXIT, guarded, positiveMilliseconds, printDiagnostics, printJson, report } from '../io.js';
import { readManifest } from '../../io/read-manifest.js';
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
      const source = (sources[0] = await readInput(target, undefined, io.stdin));
      // A spec is compiled for the binary that will load it.
      const pipy = locatePipy(opts.pipy);
      const compiled = compileSource(source, pipy ? { target: targetFor(pipyVersion(pipy)) } : {});
      if (compiled.kind === 'failed') throw new PipycError(compiled.diagnostics);
      scratch = mkdtempSync(join(tmpdir(), 'pipyc-verify-'));
      dir = join(scratch, 'codebase');
      writeCodebase(dir, compiled.files);
    }
    try {
      const tree = isDir ? identityTree(dir) : null;
      if (tree !== null) return await verifyTree(dir, tree, opts);
      const result = await verifyCodebase(dir, verifyOptions(opts));
      if (result.kind === 'failed')
        return report(io, [{ name: dir, text: '' }], inDir(dir, result.diagnostics), opts.json);
      if (opts.json) printJson(io, { ok: true, ...result });
      else
        io.out(
          `verified: Pipy ${result.pipyVersion} (${result.pipy}) loaded ${target} and listened on port ${result.listening} in ${result.millis} ms\n`,
        );
      return EXIT.ok;
    } finally {
      if (scratch) rmSync(scratch, { recursive: true, force: true });
    }
  }

  /** Every identity of a tree written by 'compile --all-identities': one line each, exit 1 if any fails. */
  async function verifyTree(
    dir: string,
    identities: readonly { identity: string; dir: string }[],
    opts: VerifyOptions,
  ): Promise<number> {
    const results = [];
    for (const i of identities) {
      const codebase = join(dir, i.dir);
      const result = await verifyCodebase(codebase, verifyOptions(opts));
      results.push({ identity: i.identity, dir: codebase, ...result });
      if (opts.json) continue;
      if (result.kind === 'verified')
        io.out(`verified ${i.identity}: ${codebase} listened on port ${result.listening} in ${result.millis} ms\n`);
      else printDiagnostics(io, [{ name: codebase, text: '' }], inDir(codebase, result.diagnostics));
    }
    const failed = results.filter((r) => r.kind === 'failed').length;
    if (opts.json) printJson(io, { ok: failed === 0, results });
    else if (failed > 0) io.err(`pipyc: ${failed} of ${results.length} identities failed\n`);
    return failed === 0 ? EXIT.ok : EXIT.invalid;
  }
}

function verifyOptions(opts: VerifyOptions): { pipy?: string; timeoutMs: number } {
  return { ...(opts.pipy && { pipy: opts.pipy }), timeoutMs: opts.timeout };
}

/** The identities of a tree written by 'compile --all-identities', or null for anything else. */
function identityTree(dir: string): readonly { identity: string; dir: string }[] | null {
  const read = readManifest(dir);
  return read.kind === 'tree' ? read.manifest.identities : null;
}

/** Diagnostics of a codebase's files, named by their path (main.js:3:1 becomes <dir>/main.js:3:1). */
function inDir(dir: string, diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return diagnostics.map((d) =>
    d.position ? { ...d, position: { ...d.position, file: join(dir, d.position.file) } } : d,
  );
}
