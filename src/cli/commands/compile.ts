import { Option } from 'commander';
import { compileObjects } from '../../compile/compile-mesh.js';
import { compileSource } from '../../compile/compile-spec.js';
import { PipycError, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { readInput } from '../../io/read-input.js';
import type { Manifest } from '../../manifest/manifest.js';
import type { FamilyOutput, ObjectsOutput, TreeOutput } from '../../outputs/family.js';
import { OUTPUT_FAMILIES } from '../../outputs/registry.js';
import type { SpecSource } from '../../parse/source.js';
import { TARGETS, type Target } from '../../sidecar-spec/targets.js';
import { writeCodebase } from '../../write/write-codebase.js';
import { writeGeneratedFile } from '../../write/write-file.js';
import { EXIT, guarded, printDiagnostics, printJson, usage, type Io } from '../io.js';
import { familyOf, meshOptions, meshOptionsConflict, readMesh, requestOf, type MeshOptions } from '../mesh-input.js';
import { compileSummary, dirLabel } from '../summary.js';
import type { CommandContext } from './context.js';

interface CompileOptions extends MeshOptions {
  out: string;
  target?: Target;
  force?: boolean;
  json?: boolean;
}

/** Each family's default target, for --target's help. */
const defaults = OUTPUT_FAMILIES.map((f) => `${f.defaultTarget.spec} for --format ${f.name}`).join(', ');

export function compileCommand({ program, io, exit }: CommandContext): void {
  const command = program
    .command('compile')
    .description(
      'compile a spec, or mesh objects (-f) for one ServiceAccount or all of them, into what --format says: a codebase directory (written atomically), or osm-edge Plugin objects',
    )
    .argument('[spec]', "spec file, or '-' for stdin")
    // Checked in the action, so that a mistyped option is named as unknown before a missing -o is.
    .option(
      '-o, --out <dir>',
      "output directory; for a format that makes Kubernetes objects a YAML file, or '-' for stdout (required)",
    )
    .option('--force', 'replace a non-empty directory that is not a pipyc codebase (or a file pipyc did not write)')
    .addOption(
      new Option('--target <pipy>', `the Pipy version to compile for (default: the format's; ${defaults})`).choices([
        ...TARGETS,
      ]),
    )
    .addOption(new Option('--json', 'print the result as JSON on stdout instead of text'));
  meshOptions(command, true).action(async (spec: string | undefined, opts: CompileOptions) => {
    const toStdout = familyOf(opts).writes === 'objects' && opts.out === '-';
    const conflict =
      (opts.out === undefined ? 'compile needs -o, --out <dir>' : undefined) ??
      meshOptionsConflict(opts, spec, true) ??
      (toStdout && opts.json
        ? '--json reports on stdout, which -o - gives to the YAML; write the YAML to a file'
        : undefined);
    if (conflict) return exit(usage(io, conflict));
    const sources: SpecSource[] = spec === undefined ? [] : [{ name: spec === '-' ? '<stdin>' : spec, text: '' }];
    const keep = [...(spec !== undefined && spec !== '-' ? [spec] : []), ...opts.filename.filter((f) => f !== '-')];
    exit(
      await guarded(
        io,
        opts.json,
        sources,
        async () => {
          if (spec !== undefined) {
            const source = (sources[0] = await readInput(spec, undefined, io.stdin));
            const result = compileSource(source, opts.target ? { target: opts.target } : {});
            if (result.kind === 'failed') throw new PipycError(result.diagnostics);
            writeOutput(sources, opts.out, () =>
              writeCodebase(opts.out, result.files, { force: opts.force ?? false, keep }),
            );
            return codebaseDone(io, opts, sources, result.warnings, result.manifest, source.name);
          }
          const loaded = await readMesh(io, opts, sources, opts.json);
          const output = compileObjects(loaded.objects, {
            ...requestOf(opts),
            ...(opts.target && { target: opts.target }),
            format: opts.format,
          });
          const warnings = opts.json ? [...loaded.diagnostics, ...output.warnings] : output.warnings;
          return written(io, opts, sources, keep, output, warnings);
        },
        true,
      ),
    );
  });
}

/** Writes what the family made (a codebase, a tree, an object stream) and says so. */
function written(
  io: Io,
  opts: CompileOptions,
  sources: SpecSource[],
  keep: string[],
  output: FamilyOutput,
  warnings: Diagnostic[],
): number {
  const force = opts.force ?? false;
  switch (output.kind) {
    case 'codebase':
      writeOutput(sources, opts.out, () => writeCodebase(opts.out, output.files, { force, keep }));
      return codebaseDone(io, opts, sources, warnings, output.manifest, `identity ${opts.identity}`);
    case 'tree':
      writeOutput(sources, opts.out, () => writeCodebase(opts.out, output.files, { force, keep }));
      return treeDone(io, opts, sources, warnings, output);
    case 'objects':
      if (opts.out === '-') io.out(output.yaml);
      else
        writeOutput(sources, opts.out, () =>
          writeGeneratedFile(opts.out, output.yaml, { force, keep, ownHeader: output.header }),
        );
      return objectsDone(io, opts, sources, warnings, output);
  }
}

function codebaseDone(
  io: Io,
  opts: CompileOptions,
  sources: SpecSource[],
  warnings: Diagnostic[],
  manifest: Manifest,
  what: string,
): number {
  if (opts.json) return (printJson(io, { ok: true, manifest, diagnostics: warnings }), EXIT.ok);
  printDiagnostics(io, sources, warnings);
  io.out(compileSummary(what, opts.out, manifest) + '\n');
  return EXIT.ok;
}

function treeDone(
  io: Io,
  opts: CompileOptions,
  sources: SpecSource[],
  warnings: Diagnostic[],
  tree: TreeOutput,
): number {
  if (opts.json)
    return (
      printJson(io, {
        ok: true,
        identities: tree.identities.map((i) => ({ dir: i.dir, specSha256: i.specSha256 })),
        diagnostics: warnings,
      }),
      EXIT.ok
    );
  printDiagnostics(io, sources, warnings);
  const distinct = new Set(tree.identities.map((i) => i.specSha256)).size;
  io.out(
    `pipyc: compiled ${tree.identities.length} identit${tree.identities.length === 1 ? 'y' : 'ies'} (${distinct} distinct spec${distinct === 1 ? '' : 's'}) -> ${dirLabel(opts.out)}/<namespace>/<name>/\n`,
  );
  for (const i of tree.identities) io.out(`  ${i.dir.padEnd(30)}  spec ${i.specSha256.slice(0, 12)}\n`);
  return EXIT.ok;
}

/** The YAML went to stdout ('-o -', the summary then goes to stderr) or to a file, written atomically. */
function objectsDone(
  io: Io,
  opts: CompileOptions,
  sources: SpecSource[],
  warnings: Diagnostic[],
  output: ObjectsOutput,
): number {
  if (opts.json)
    return (
      printJson(io, {
        ok: true,
        objects: output.objects.map((o) => ({ kind: o.kind, name: o.metadata.name })),
        summary: output.summary,
        diagnostics: warnings,
      }),
      EXIT.ok
    );
  printDiagnostics(io, sources, warnings);
  const say = opts.out === '-' ? io.err : io.out;
  say(
    `pipyc: compiled ${output.made} -> ${opts.out === '-' ? 'stdout' : opts.out} (kubectl apply --server-side -f ...)\n`,
  );
  for (const line of output.summary) say(`  ${line}\n`);
  return EXIT.ok;
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
