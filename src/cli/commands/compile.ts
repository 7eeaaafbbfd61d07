import { Option } from 'commander';
import { compileSource } from '../../compile.js';
import { compileAllIdentities, compileIdentity } from '../../compile-identity.js';
import { PipycError } from '../../diagnostics/diagnostic.js';
import { readInput } from '../../io/read-input.js';
import type { SpecSource } from '../../parse/source.js';
import { DEFAULT_TARGET, TARGETS, type Target } from '../../sidecar-spec/targets.js';
import { writeCodebase } from '../../write/write-codebase.js';
import { EXIT, guarded, printDiagnostics, printJson, usage } from '../io.js';
import { meshOptions, meshOptionsConflict, readMesh, type MeshOptions } from '../mesh-input.js';
import { compileSummary, dirLabel } from '../summary.js';
import type { CommandContext } from './context.js';

interface CompileOptions extends MeshOptions {
  out: string;
  target: Target;
  force?: boolean;
  json?: boolean;
}

export function compileCommand({ program, io, exit }: CommandContext): void {
  const command = program
    .command('compile')
    .description('compile a spec, or the sidecar of a ServiceAccount from mesh objects, into a codebase directory (written atomically)')
    .argument('[spec]', "spec file, or '-' for stdin")
    .requiredOption('-o, --out <dir>', 'output directory')
    .option('--force', 'replace a non-empty directory that is not a pipyc codebase')
    .addOption(new Option('--target <pipy>', "the Pipy version to compile for (pipy-0.90: osm-edge's sidecar)").choices([...TARGETS]).default(DEFAULT_TARGET))
    .addOption(new Option('--json', 'print the result as JSON on stdout instead of text'));
  meshOptions(command, true).action(async (spec: string | undefined, opts: CompileOptions) => {
    const conflict = meshOptionsConflict(opts, spec, true);
    if (conflict) return exit(usage(io, conflict));
    const sources: SpecSource[] = spec === undefined ? [] : [{ name: spec === '-' ? '<stdin>' : spec, text: '' }];
    const keep = [...(spec !== undefined && spec !== '-' ? [spec] : []), ...opts.filename.filter((f) => f !== '-')];
    const write = { force: opts.force ?? false, keep };
    exit(await guarded(io, opts.json, sources, async () => {
      if (spec !== undefined) {
        const source = (sources[0] = await readInput(spec));
        const result = compileSource(source, { target: opts.target });
        if (result.kind === 'failed') throw new PipycError(result.diagnostics);
        writeCodebase(opts.out, result.files, write);
        return done(sources, result.warnings, result.manifest, source.name);
      }
      const loaded = await readMesh(io, opts, sources, opts.json);
      const meshCIDRs = opts.meshCidr;
      if (opts.identity !== undefined) {
        const result = compileIdentity(loaded.objects, opts.identity, { meshCIDRs, target: opts.target });
        writeCodebase(opts.out, result.files, write);
        return done(sources, opts.json ? [...loaded.diagnostics, ...result.warnings] : result.warnings, result.manifest, `identity ${opts.identity}`);
      }
      const tree = compileAllIdentities(loaded.objects, { meshCIDRs, target: opts.target });
      writeCodebase(opts.out, tree.files, write);
      if (opts.json) printJson(io, { ok: true, identities: tree.identities.map((i) => ({ dir: i.dir, specSha256: i.specSha256 })), diagnostics: [...loaded.diagnostics, ...tree.warnings] });
      else {
        printDiagnostics(io, sources, tree.warnings);
        const distinct = new Set(tree.identities.map((i) => i.specSha256)).size;
        io.out(`pipyc: compiled ${tree.identities.length} identit${tree.identities.length === 1 ? 'y' : 'ies'} (${distinct} distinct spec${distinct === 1 ? '' : 's'}) -> ${dirLabel(opts.out)}/<namespace>/<name>/\n`);
        for (const i of tree.identities) io.out(`  ${i.dir.padEnd(30)}  spec ${i.specSha256.slice(0, 12)}\n`);
      }
      return EXIT.ok;
    }, true));

    function done(sources: SpecSource[], warnings: Parameters<typeof printDiagnostics>[2], manifest: Parameters<typeof compileSummary>[2], what: string): number {
      if (opts.json) printJson(io, { ok: true, manifest, diagnostics: warnings });
      else {
        printDiagnostics(io, sources, warnings);
        io.out(compileSummary(what, opts.out, manifest) + '\n');
      }
      return EXIT.ok;
    }
  });
}
