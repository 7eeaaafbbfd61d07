import { Option } from 'commander';
import { PipycError } from '../../diagnostics/diagnostic.js';
import { diffMeshes, diffSpecs, type DiffResult } from '../../diff/diff.js';
import { diffText } from '../../diff/render.js';
import { readInput } from '../../io/read-input.js';
import { readObjectFiles } from '../../io/read-object-files.js';
import { auditTargetProblem } from '../../mesh/egress-mode.js';
import { loadObjects } from '../../mesh/load-objects.js';
import type { EgressDefault } from '../../mesh/resolve-identity.js';
import type { SpecSource } from '../../parse/source.js';
import { familyNamed, OUTPUT_FAMILIES, OUTPUT_FORMATS } from '../../outputs/registry.js';
import { collect, EXIT, printDiagnostics, printJson, report, usage } from '../io.js';
import { readProbes } from '../read-probes.js';
import type { CommandContext } from './context.js';

interface DiffOptions {
  filename: string[];
  to: string[];
  format: string;
  egressDefault?: EgressDefault;
  audit: string[];
  meshCidr: string[];
  probes?: string;
  json?: boolean;
}

/** Exit codes as diff(1) and kubectl diff have them: a CI job can gate on "no change". */
const DIFF_EXIT = { same: EXIT.ok, differs: 1, trouble: EXIT.usage } as const;

export function diffCommand({ program, io, exit }: CommandContext): void {
  program
    .command('diff')
    .description(
      'what a change does to each identity before it is applied: policies, hosts, ports, addresses, matches and mode added, removed or changed (exit 0 same, 1 differs, 2 trouble)',
    )
    .argument('[from]', "the spec before, or '-' for stdin (or -f <objects> --to <objects>)")
    .argument('[to]', 'the spec after')
    .option('-f, --filename <path>', "the mesh's objects before: a file, a directory, or '-' (repeatable)", collect, [])
    .option('--to <path>', "the mesh's objects after: a file, a directory, or '-' (repeatable)", collect, [])
    .addOption(
      new Option('--format <format>', 'read the objects as this output reads them')
        .choices([...OUTPUT_FORMATS])
        .default(OUTPUT_FAMILIES[0]!.name),
    )
    .addOption(
      new Option('--egress-default <verdict>', 'with an egress-only --format: for identities no Egress names').choices([
        'deny',
        'allow',
        'audit',
      ]),
    )
    .option('--audit <who>', "a namespace, <namespace>/<serviceaccount> or '*' that audits, on both sides", collect, [])
    .option('--mesh-cidr <cidr>', 'in-mesh destinations (standalone sidecars), on both sides', collect, [])
    .option('--probes <file>', 'probes (as explain --probes takes them): those whose verdict flips, with both verdicts')
    .addOption(new Option('--json', 'print the differences as JSON on stdout'))
    .action(async (from: string | undefined, to: string | undefined, opts: DiffOptions) => {
      const problem = conflictOf(from, to, opts);
      if (problem) return exit(usage(io, problem));
      const sources: SpecSource[] = [];
      try {
        const probes =
          opts.probes === undefined ? [] : (await readProbes(opts.probes, sources, io.stdin)).map((p) => p.probe);
        let result: DiffResult;
        let names: [string, string];
        if (from !== undefined && to !== undefined) {
          const a = await readInput(from, undefined, io.stdin);
          const b = await readInput(to, undefined, io.stdin);
          sources.push(a, b);
          names = [a.name, b.name];
          result = diffSpecs(a, b, probes);
        } else {
          const family = familyNamed(opts.format)!;
          const mode = family.resolution(opts.egressDefault === undefined ? {} : { egressDefault: opts.egressDefault });
          const load = async (paths: string[]) => {
            const read = await readObjectFiles(paths, io.stdin);
            sources.push(...read);
            const loaded = loadObjects(read);
            if (loaded.diagnostics.some((d) => d.severity === 'error')) throw new PipycError(loaded.diagnostics);
            return loaded;
          };
          const a = await load(opts.filename);
          const b = await load(opts.to);
          names = [opts.filename.join(' '), opts.to.join(' ')];
          result = diffMeshes(
            a,
            b,
            mode,
            {
              ...(opts.meshCidr.length > 0 && { meshCIDRs: opts.meshCidr }),
              ...(opts.audit.length > 0 && { audit: opts.audit }),
            },
            probes,
          );
        }
        if (opts.json) printJson(io, { ok: true, differs: result.diffs.length > 0, identities: result.diffs });
        else {
          printDiagnostics(io, sources, result.warnings);
          io.out(diffText(result, ...names));
        }
        return exit(result.diffs.length > 0 ? DIFF_EXIT.differs : DIFF_EXIT.same);
      } catch (e) {
        if (!(e instanceof PipycError)) throw e;
        report(io, sources, [...e.diagnostics], opts.json);
        return exit(DIFF_EXIT.trouble);
      }
    });
}

function conflictOf(from: string | undefined, to: string | undefined, opts: DiffOptions): string | undefined {
  const objects = opts.filename.length > 0 || opts.to.length > 0;
  if (objects && from !== undefined) return 'give two specs, or -f <objects> --to <objects>, not both';
  if (!objects && (from === undefined || to === undefined))
    return 'give two specs (from, to), or -f <objects> --to <objects>';
  if (objects && (opts.filename.length === 0 || opts.to.length === 0))
    return '-f <objects before> and --to <objects after> go together';
  if ([from, to, ...opts.filename, ...opts.to, opts.probes].filter((p) => p === '-').length > 1)
    return "'-' (stdin) can be read once";
  if (!objects && (opts.audit.length > 0 || opts.meshCidr.length > 0 || opts.egressDefault !== undefined))
    return '--audit, --mesh-cidr and --egress-default go with -f <objects> --to <objects>';
  return opts.audit.map(auditTargetProblem).find((p) => p !== undefined);
}
