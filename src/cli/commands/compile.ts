import { Option } from 'commander';
import { compileSource } from '../../compile.js';
import { compileAllIdentities, compileIdentity } from '../../compile-identity.js';
import { compileOsmEdgePlugin, PLUGIN_HEADER } from '../../compile-osm-edge-plugin.js';
import { PipycError } from '../../diagnostics/diagnostic.js';
import { readInput } from '../../io/read-input.js';
import type { SpecSource } from '../../parse/source.js';
import { DEFAULT_TARGET, TARGETS, type Target } from '../../sidecar-spec/targets.js';
import { writeCodebase } from '../../write/write-codebase.js';
import { writeGeneratedFile } from '../../write/write-file.js';
import { EXIT, guarded, printDiagnostics, printJson, usage, type Io } from '../io.js';
import { meshOptions, meshOptionsConflict, readMesh, resolveOptionsOf, type MeshOptions } from '../mesh-input.js';
import { compileSummary, dirLabel } from '../summary.js';
import type { CommandContext } from './context.js';

interface CompileOptions extends MeshOptions {
  out: string;
  target?: Target;
  force?: boolean;
  json?: boolean;
}

export function compileCommand({ program, io, exit }: CommandContext): void {
  const command = program
    .command('compile')
    .description('compile a spec, or the sidecar of a ServiceAccount from mesh objects, into a codebase directory (written atomically); or mesh objects into osm-edge Plugins (--format osm-edge-plugin)')
    .argument('[spec]', "spec file, or '-' for stdin")
    // Checked in the action, so that a mistyped option is named as unknown before a missing -o is.
    .option('-o, --out <dir>', "output directory; with --format osm-edge-plugin a YAML file, or '-' for stdout (required)")
    .option('--force', 'replace a non-empty directory that is not a pipyc codebase (or a file pipyc did not write)')
    .addOption(new Option('--target <pipy>', `the Pipy version to compile for (default ${DEFAULT_TARGET}; pipy-0.90, osm-edge's sidecar, for --format osm-edge-plugin)`).choices([...TARGETS]))
    .addOption(new Option('--json', 'print the result as JSON on stdout instead of text'));
  meshOptions(command, true).action(async (spec: string | undefined, opts: CompileOptions) => {
    const conflict = (opts.out === undefined ? 'compile needs -o, --out <dir>' : undefined) ?? meshOptionsConflict(opts, spec, true) ?? (opts.format === 'osm-edge-plugin' && opts.out === '-' && opts.json ? '--json reports on stdout, which -o - gives to the YAML; write the YAML to a file' : undefined);
    if (conflict) return exit(usage(io, conflict));
    const sources: SpecSource[] = spec === undefined ? [] : [{ name: spec === '-' ? '<stdin>' : spec, text: '' }];
    const keep = [...(spec !== undefined && spec !== '-' ? [spec] : []), ...opts.filename.filter((f) => f !== '-')];
    const write = { force: opts.force ?? false, keep };
    exit(await guarded(io, opts.json, sources, async () => {
      if (opts.format === 'osm-edge-plugin') return compilePlugin(io, opts, sources, keep);
      const target = opts.target ?? DEFAULT_TARGET;
      if (spec !== undefined) {
        const source = (sources[0] = await readInput(spec));
        const result = compileSource(source, { target });
        if (result.kind === 'failed') throw new PipycError(result.diagnostics);
        writeOutput(sources, opts.out, () => writeCodebase(opts.out, result.files, write));
        return done(sources, result.warnings, result.manifest, source.name);
      }
      const loaded = await readMesh(io, opts, sources, opts.json);
      const options = { ...resolveOptionsOf(opts), target };
      if (opts.identity !== undefined) {
        const result = compileIdentity(loaded.objects, opts.identity, options);
        writeOutput(sources, opts.out, () => writeCodebase(opts.out, result.files, write));
        return done(sources, opts.json ? [...loaded.diagnostics, ...result.warnings] : result.warnings, result.manifest, `identity ${opts.identity}`);
      }
      const tree = compileAllIdentities(loaded.objects, options);
      writeOutput(sources, opts.out, () => writeCodebase(opts.out, tree.files, write));
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

/** Writes the output; what goes wrong there is told against the output path, not the input read. */
function writeOutput(sources: SpecSource[], out: string, write: () => void): void {
  try {
    write();
  } catch (e) {
    if (e instanceof PipycError) sources.splice(0, sources.length, { name: out, text: '' });
    throw e;
  }
}

/**
 * osm-edge Plugins from mesh objects, as one YAML stream: to stdout ('-o -', the summary then goes to stderr) or to a
 * file, written atomically.
 */
async function compilePlugin(io: Io, opts: CompileOptions, sources: SpecSource[], keep: string[]): Promise<number> {
  const loaded = await readMesh(io, opts, sources, opts.json);
  const result = compileOsmEdgePlugin(loaded.objects, {
    ...(opts.identity !== undefined && { identity: opts.identity }),
    egressDefault: opts.egressDefault ?? 'deny',
    target: opts.target ?? 'pipy-0.90',
    ...(opts.allowUnknownIdentity && { allowUnknownIdentity: true }),
  });
  const toStdout = opts.out === '-';
  if (toStdout) io.out(result.yaml);
  else writeOutput(sources, opts.out, () => writeGeneratedFile(opts.out, result.yaml, { force: opts.force ?? false, keep, ownHeader: PLUGIN_HEADER }));
  const plugins = result.plugins.map((p) => ({ name: p.name, namespace: p.namespace, identities: p.identities, bytes: p.bytes }));
  if (opts.json) return printJson(io, { ok: true, plugins, diagnostics: [...loaded.diagnostics, ...result.warnings] }), EXIT.ok;
  printDiagnostics(io, sources, result.warnings);
  const say = toStdout ? io.err : io.out;
  say(`pipyc: compiled ${result.plugins.length} osm-edge Plugin${result.plugins.length === 1 ? '' : 's'} -> ${toStdout ? 'stdout' : opts.out} (kubectl apply --server-side -f ...)\n`);
  for (const p of result.plugins) say(`  ${p.name.padEnd(32)} ${(p.bytes / 1024).toFixed(1).padStart(7)} KiB  ${p.namespace === null ? 'every other namespace: the egress default' : `${p.identities.length} identit${p.identities.length === 1 ? 'y' : 'ies'}`}\n`);
  return EXIT.ok;
}
