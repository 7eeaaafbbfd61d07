import { Option } from 'commander';
import { DECISION_REASONS, explainer } from '../../compile/explain.js';
import { PIPELINE } from '../../compile/front-end.js';
import type { Probe } from '../../decision/probe.js';
import { PipycError } from '../../diagnostics/diagnostic.js';
import { checkProbe } from '../../explain/check-probe.js';
import { upgradeMeaning, type Explanation } from '../../explain/explanation.js';
import { readInput } from '../../io/read-input.js';
import { egressOnlyMeaning, withInMeshRanges } from '../../mesh/egress-only-meaning.js';
import { resolveIdentity, type Resolution } from '../../mesh/resolve-identity.js';
import type { SpecSource } from '../../parse/source.js';
import { collect, EXIT, guarded, printDiagnostics, printJson, usage, type Io } from '../io.js';
import { meshOptions, meshOptionsConflict, readMesh, resolveOptionsOf, type MeshOptions } from '../mesh-input.js';
import { readProbes } from '../read-probes.js';
import type { CommandContext } from './context.js';

type Verdict = Explanation['verdict'];

/** A probe's fields as flags (all optional; --dst is checked by hand), its headers as name=value. */
interface ExplainOptions extends Partial<Omit<Probe, 'headers' | 'resolved' | 'expired'>>, MeshOptions {
  header: string[];
  resolved: string[];
  expired: string[];
  expect?: Verdict;
  probes?: string;
  json?: boolean;
}

const PROBE_PROTOCOLS = PIPELINE.protocols.probeProtocols;

export function explainCommand({ program, io, exit }: CommandContext): void {
  const command = program
    .command('explain')
    .description(
      'show the verdict, credited policy and reason the compiled sidecar reaches for a connection (or for a file of probes)',
    )
    .argument('[spec]', "spec file, or '-' for stdin (or -f <mesh objects> --identity <ns/sa>)")
    .option('--dst <ip:port>', 'original destination, e.g. 203.0.113.10:443 or [2001:db8::1]:80')
    .option(
      '--src <ip>',
      "the client's address as the sidecar sees it (the pod's own IP): tells whether --dst is the pod itself",
    )
    .addOption(new Option('--protocol <p>', 'what the client speaks').choices([...PROBE_PROTOCOLS]))
    .option('--host <host>', 'HTTP Host header (implies --protocol http)')
    .option('--sni <name>', 'TLS server name (implies --protocol tls)')
    .option('--method <method>', 'HTTP method (default GET)')
    .option('--path <path>', 'HTTP path with optional query (default /)')
    .option('--header <name=value>', 'HTTP request header (repeatable)', collect, [] as string[])
    .option(
      '--resolved <name=ip,...>',
      "what the sidecar's DNS proxy learned and still holds: a name and the addresses its answer gave (repeatable)",
      collect,
      [] as string[],
    )
    .option(
      '--expired <name=ip,...>',
      'a name whose answer gave these addresses but whose TTL has run out (repeatable)',
      collect,
      [] as string[],
    )
    .addOption(new Option('--expect <verdict>', 'exit 1 unless the verdict is this').choices(['allow', 'deny']))
    .option(
      '--probes <file>',
      'a JSON/YAML list of probes ({dst, src?, protocol?, host?, sni?, method?, path?, headers?, resolved?, expired?, expect?}), one verdict line each; exit 1 on any expectation missed',
    )
    .addOption(new Option('--json', 'print the result as JSON on stdout instead of text'));
  meshOptions(command, false).action(async (spec: string | undefined, opts: ExplainOptions) => {
    const conflict = meshOptionsConflict(opts, spec, false, true) ?? conflictOf(opts);
    if (conflict) return exit(usage(io, conflict));
    const sources: SpecSource[] = spec === undefined ? [] : [{ name: spec === '-' ? '<stdin>' : spec, text: '' }];
    exit(
      await guarded(io, opts.json, sources, async () => {
        const resolution = spec === undefined ? await resolved(io, opts, sources) : undefined;
        const decide =
          resolution === undefined
            ? explainer((sources[0] = await readInput(spec!, undefined, io.stdin)))
            : explainer({
                value: withInMeshRanges(resolution.spec!, resolution.mode.kind === 'egress-only' ? opts.meshCidr : []),
              });
        const meaningOf = (reason: string) =>
          (resolution && egressOnlyMeaning(resolution, reason)) ??
          DECISION_REASONS[reason as keyof typeof DECISION_REASONS];
        const probes =
          opts.probes !== undefined
            ? await readProbes(opts.probes, sources, io.stdin)
            : [{ probe: probeOf(opts), expect: opts.expect }];
        const results = probes.map(({ probe, expect }) => ({ probe, expect, answer: decide(probe) }));
        const missed = results.filter((r) => r.expect !== undefined && r.expect !== r.answer.verdict).length;
        if (opts.json) {
          const rows = results.map((r) => ({
            probe: r.probe,
            ...r.answer,
            meaning: meaningOf(r.answer.reason),
            ...(r.expect && { expect: r.expect, met: r.expect === r.answer.verdict }),
          }));
          printJson(
            io,
            opts.probes !== undefined ? { ok: missed === 0, results: rows } : { ok: missed === 0, ...rows[0] },
          );
        } else {
          for (const { probe, expect, answer } of results) {
            const miss = expect !== undefined && expect !== answer.verdict ? `  MISMATCH: expected ${expect}` : '';
            io.out(
              `${answer.wouldDeny ? `allow (audit: would deny, ${answer.reason})` : `${answer.verdict} (${answer.outcome})`} ${probe.dst} proto=${answer.protocol}${answer.policy ? ` policy=${answer.policy}` : ''}${opts.probes !== undefined ? ` reason=${answer.reason}` : ''}${miss}\n`,
            );
            if (opts.probes === undefined) io.out(`reason: ${answer.reason}: ${meaningOf(answer.reason)}\n`);
            if (opts.probes === undefined && answer.upgrade)
              io.out(`upgrade: ${answer.upgrade}: ${upgradeMeaning(answer.upgrade)}\n`);
          }
          if (missed > 0)
            io.err(
              `pipyc: ${missed} of ${results.length} probe${results.length === 1 ? '' : 's'} did not get the expected verdict\n`,
            );
        }
        return missed > 0 ? EXIT.invalid : EXIT.ok;
      }),
    );
  });
}

/** How an identity's sidecar is resolved from the objects (its spec as `pipyc resolve` prints it); problems thrown. */
async function resolved(io: Io, opts: ExplainOptions, sources: SpecSource[]): Promise<Resolution> {
  const loaded = await readMesh(io, opts, sources, opts.json);
  const resolution = resolveIdentity(loaded.objects, opts.identity!, resolveOptionsOf(opts));
  if (resolution.spec === undefined) throw new PipycError(resolution.diagnostics);
  if (!opts.json) printDiagnostics(io, sources, resolution.diagnostics);
  return resolution;
}

const PROBE_FLAGS = ['dst', 'src', 'protocol', 'host', 'sni', 'method', 'path', 'expect'] as const;

/** Flags that contradict each other or do not describe a probe: a usage error, in the words of the flags. */
function conflictOf(opts: ExplainOptions): string | undefined {
  if (opts.probes !== undefined) {
    const lists = (['header', 'resolved', 'expired'] as const).filter((f) => opts[f].length > 0).map((f) => `--${f}`);
    const given = [...PROBE_FLAGS.filter((f) => opts[f] !== undefined).map((f) => `--${f}`), ...lists];
    return given.length > 0 ? `--probes takes its probes from the file; drop ${given.join(', ')}` : undefined;
  }
  if (opts.dst === undefined) return 'explain needs --dst <ip:port> (or --probes <file>)';
  const bad = opts.header.find((h) => !/^[^=]+=/.test(h));
  if (bad !== undefined) return `--header takes name=value, not ${JSON.stringify(bad)}`;
  for (const flag of ['resolved', 'expired'] as const) {
    const wrong = opts[flag].find((r) => !/^[^=]+=./.test(r));
    if (wrong !== undefined) return `--${flag} takes name=address[,address...], not ${JSON.stringify(wrong)}`;
  }
  const checked = checkProbe(probeOf(opts), PROBE_PROTOCOLS, (field) => `--${field === 'headers' ? 'header' : field}`);
  return checked.kind === 'failed' ? checked.diagnostics.map((d) => d.message).join('; ') : undefined;
}

/** The probe the flags describe, as given (explain() fills in the defaults). */
function probeOf(opts: ExplainOptions): Probe {
  const given = <K extends keyof Probe>(key: K, value: Probe[K] | undefined) =>
    value === undefined ? {} : { [key]: value };
  return {
    dst: opts.dst!,
    ...given('src', opts.src),
    ...given('protocol', opts.protocol),
    ...given('host', opts.host),
    ...given('sni', opts.sni),
    ...given('method', opts.method),
    ...given('path', opts.path),
    ...(opts.header.length > 0 && {
      headers: Object.fromEntries(opts.header.map((h) => [h.slice(0, h.indexOf('=')), h.slice(h.indexOf('=') + 1)])),
    }),
    ...(opts.resolved.length > 0 && { resolved: namesOf(opts.resolved) }),
    ...(opts.expired.length > 0 && { expired: namesOf(opts.expired) }),
  };
}

/** name=ip,ip flags, in the order given; a name given twice gets every address. */
function namesOf(flags: string[]): Record<string, string[]> {
  const names: Record<string, string[]> = {};
  for (const flag of flags) {
    const name = flag.slice(0, flag.indexOf('='));
    names[name] = [...(names[name] ?? []), ...flag.slice(flag.indexOf('=') + 1).split(',')];
  }
  return names;
}
