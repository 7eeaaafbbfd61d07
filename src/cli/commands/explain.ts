import { Option } from 'commander';
import { error, PipycError, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { splitDestination } from '../../explain/decide.js';
import { explainer } from '../../explain/explain.js';
import { parseIp } from '../../net/ip.js';
import { checkedProbe, probeProtocol } from '../../explain/check-probe.js';
import { DECISION_REASONS, upgradeMeaning, type Explanation } from '../../explain/explanation.js';
import type { Probe } from '../../explain/probe.js';
import { PROBE_PROTOCOLS } from '../../protocols/registry.js';
import { readInput } from '../../io/read-input.js';
import { parseSpec } from '../../parse/parse-spec.js';
import type { SpecSource } from '../../parse/source.js';
import { collect, EXIT, guarded, printDiagnostics, printJson, usage, type Io } from '../io.js';
import { meshOptions, meshOptionsConflict, readMesh, resolveOptionsOf, type MeshOptions } from '../mesh-input.js';
import { resolveIdentity } from '../../mesh/resolve-identity.js';
import { closestName } from '../../util/closest-name.js';
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

export function explainCommand({ program, io, exit }: CommandContext): void {
  const command = program
    .command('explain')
    .description('show the verdict, credited policy and reason the compiled sidecar reaches for a connection (or for a file of probes)')
    .argument('[spec]', "spec file, or '-' for stdin (or -f <mesh objects> --identity <ns/sa>)")
    .option('--dst <ip:port>', 'original destination, e.g. 203.0.113.10:443 or [2001:db8::1]:80')
    .option('--src <ip>', "the client's address as the sidecar sees it (the pod's own IP): tells whether --dst is the pod itself")
    .addOption(new Option('--protocol <p>', 'what the client speaks').choices([...PROBE_PROTOCOLS]))
    .option('--host <host>', 'HTTP Host header (implies --protocol http)')
    .option('--sni <name>', 'TLS server name (implies --protocol tls)')
    .option('--method <method>', 'HTTP method (default GET)')
    .option('--path <path>', 'HTTP path with optional query (default /)')
    .option('--header <name=value>', 'HTTP request header (repeatable)', collect, [] as string[])
    .option('--resolved <name=ip,...>', "what the sidecar's DNS proxy learned and still holds: a name and the addresses its answer gave (repeatable)", collect, [] as string[])
    .option('--expired <name=ip,...>', "a name whose answer gave these addresses but whose TTL has run out (repeatable)", collect, [] as string[])
    .addOption(new Option('--expect <verdict>', 'exit 1 unless the verdict is this').choices(['allow', 'deny']))
    .option('--probes <file>', 'a JSON/YAML list of probes ({dst, src?, protocol?, host?, sni?, method?, path?, headers?, resolved?, expired?, expect?}), one verdict line each; exit 1 on any expectation missed')
    .addOption(new Option('--json', 'print the result as JSON on stdout instead of text'));
  meshOptions(command, false)
    .action(async (spec: string | undefined, opts: ExplainOptions) => {
      const conflict = meshOptionsConflict(opts, spec, false) ?? conflictOf(opts);
      if (conflict) return exit(usage(io, conflict));
      const sources: SpecSource[] = spec === undefined ? [] : [{ name: spec === '-' ? '<stdin>' : spec, text: '' }];
      exit(await guarded(io, opts.json, sources, async () => {
        const decide = spec !== undefined ? explainer((sources[0] = await readInput(spec))) : explainer({ value: await resolvedSpec(io, opts, sources) });
        const probes = opts.probes !== undefined ? await readProbes(opts.probes, sources) : [{ probe: probeOf(opts), expect: opts.expect }];
        const results = probes.map(({ probe, expect }) => ({ probe, expect, answer: decide(probe) }));
        const missed = results.filter((r) => r.expect !== undefined && r.expect !== r.answer.verdict).length;
        if (opts.json) {
          const rows = results.map((r) => ({ probe: r.probe, ...r.answer, ...(r.expect && { expect: r.expect, met: r.expect === r.answer.verdict }) }));
          printJson(io, opts.probes !== undefined ? { ok: missed === 0, results: rows } : { ok: missed === 0, ...rows[0] });
        } else {
          for (const { probe, expect, answer } of results) {
            const miss = expect !== undefined && expect !== answer.verdict ? `  MISMATCH: expected ${expect}` : '';
            io.out(`${answer.verdict} (${answer.outcome}) ${probe.dst} proto=${answer.protocol}${answer.policy ? ` policy=${answer.policy}` : ''}${opts.probes !== undefined ? ` reason=${answer.reason}` : ''}${miss}\n`);
            if (opts.probes === undefined) io.out(`reason: ${answer.reason}: ${DECISION_REASONS[answer.reason]}\n`);
            if (opts.probes === undefined && answer.upgrade) io.out(`upgrade: ${answer.upgrade}: ${upgradeMeaning(answer.upgrade)}\n`);
          }
          if (missed > 0) io.err(`pipyc: ${missed} of ${results.length} probe${results.length === 1 ? '' : 's'} did not get the expected verdict\n`);
        }
        return missed > 0 ? EXIT.invalid : EXIT.ok;
      }));
    });
}

/** The spec an identity's sidecar gets from the objects (as `pipyc resolve` prints it); its problems thrown. */
async function resolvedSpec(io: Io, opts: ExplainOptions, sources: SpecSource[]): Promise<unknown> {
  const loaded = await readMesh(io, opts, sources, opts.json);
  const resolution = resolveIdentity(loaded.objects, opts.identity!, resolveOptionsOf(opts));
  if (resolution.spec === undefined) throw new PipycError(resolution.diagnostics);
  if (!opts.json) printDiagnostics(io, sources, resolution.diagnostics);
  return resolution.spec;
}

/** Flags that contradict each other or do not apply to the probe they describe. */
function conflictOf(opts: ExplainOptions): string | undefined {
  const probeFlags = ['dst', 'src', 'protocol', 'host', 'sni', 'method', 'path', 'expect'] as const;
  if (opts.probes !== undefined) {
    const lists = (['header', 'resolved', 'expired'] as const).filter((f) => opts[f].length > 0).map((f) => `--${f}`);
    const given = [...probeFlags.filter((f) => opts[f] !== undefined).map((f) => `--${f}`), ...lists];
    return given.length > 0 ? `--probes takes its probes from the file; drop ${given.join(', ')}` : undefined;
  }
  if (opts.dst === undefined) return 'explain needs --dst <ip:port> (or --probes <file>)';
  if (!splitDestination(opts.dst)) return `--dst must be ip:port or [ipv6]:port, not ${JSON.stringify(opts.dst)}`;
  if (opts.src !== undefined && !parseIp(opts.src)) return `--src must be an IPv4 or IPv6 address, not ${JSON.stringify(opts.src)}`;
  if (opts.host !== undefined && opts.sni !== undefined) return '--host (HTTP) and --sni (TLS) describe different protocols; give one';
  const protocol = probeProtocol(opts);
  if (opts.host !== undefined && protocol !== 'http') return `--host is an HTTP header, but --protocol is ${protocol}`;
  if (opts.sni !== undefined && protocol !== 'tls') return `--sni is a TLS server name, but --protocol is ${protocol}`;
  const httpOnly = [opts.method !== undefined && '--method', opts.path !== undefined && '--path', opts.header.length > 0 && '--header'].filter(Boolean);
  if (httpOnly.length > 0 && protocol !== 'http') return `${httpOnly.join(', ')} ${httpOnly.length === 1 ? 'describes' : 'describe'} an HTTP request: add --host <name> or --protocol http`;
  const bad = opts.header.find((h) => !/^[^=]+=/.test(h));
  if (bad !== undefined) return `--header takes name=value, not ${JSON.stringify(bad)}`;
  for (const flag of ['resolved', 'expired'] as const) {
    const wrong = opts[flag].find((r) => !/^[^=]+=./.test(r) || r.slice(r.indexOf('=') + 1).split(',').some((a) => !parseIp(a)));
    if (wrong !== undefined) return `--${flag} takes name=address[,address...], not ${JSON.stringify(wrong)}`;
  }
  return undefined;
}

function probeOf(opts: ExplainOptions): Probe {
  const protocol = probeProtocol(opts);
  const headers = Object.fromEntries(opts.header.map((h) => [h.slice(0, h.indexOf('=')), h.slice(h.indexOf('=') + 1)]));
  return {
    dst: opts.dst!,
    ...(opts.src !== undefined && { src: opts.src }),
    protocol,
    ...(opts.host !== undefined && { host: opts.host }),
    ...(opts.sni !== undefined && { sni: opts.sni }),
    ...(protocol === 'http' && { method: opts.method ?? 'GET', path: opts.path ?? '/', headers }),
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

/** A list of probes, each optionally with `expect: allow|deny`; problems are located in the file. */
const PROBE_FIELDS = ['dst', 'src', 'protocol', 'host', 'sni', 'method', 'path', 'headers', 'resolved', 'expired'];

async function readProbes(path: string, sources: SpecSource[]): Promise<{ probe: Probe; expect?: Verdict }[]> {
  const source = await readInput(path);
  sources.push(source);
  const parsed = parseSpec(source);
  if (parsed.kind === 'failed') throw new PipycError(parsed.diagnostics);
  const probeError = (pointer: string, message: string, hint?: string): never => {
    const d: Diagnostic = error('PIPYC1007', message, pointer, hint);
    const position = parsed.locate(pointer);
    throw new PipycError([position ? { ...d, position } : d]);
  };
  if (!Array.isArray(parsed.value) || parsed.value.length === 0) probeError('', `${source.name} must hold a non-empty list of probes`);
  return (parsed.value as unknown[]).map((entry, i) => {
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) return probeError(`/${i}`, `probe ${i} must be a map with at least dst`);
    const { expect, ...probe } = entry as Probe & { expect?: unknown };
    if (expect !== undefined && expect !== 'allow' && expect !== 'deny') probeError(`/${i}/expect`, `probe ${i}: expect must be allow or deny, not ${JSON.stringify(expect)}`);
    for (const key of Object.keys(probe)) {
      if (PROBE_FIELDS.includes(key)) continue;
      const guess = closestName(key, [...PROBE_FIELDS, 'expect']);
      probeError(`/${i}/${key}`, `probe ${i}: unknown field ${JSON.stringify(key)}`, guess ? `did you mean "${guess}"?` : `known fields: ${[...PROBE_FIELDS, 'expect'].join(', ')}`);
    }
    try {
      return { probe: checkedProbe(probe), ...(expect !== undefined && { expect: expect as Verdict }) };
    } catch (e) {
      if (!(e instanceof PipycError)) throw e;
      const d = e.diagnostics[0]!;
      return probeError(`/${i}${d.pointer ?? ''}`, `probe ${i}: ${d.message}`);
    }
  });
}
