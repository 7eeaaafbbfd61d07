import type { HttpMatchIR, HttpRuleIR, PolicyTablesIR, PortClassIR, PortIndexIR } from '../ir/types.js';
import type { NormalizedPolicy } from '../normalize/model.js';
import type { PolicyProtocol } from '../spec/types.js';
import { buildHostTable } from './host-table.js';
import { buildIpTable } from './ip-table.js';
import { compareText } from '../util/compare.js';

interface PortEntry {
  policy: NormalizedPolicy;
  protocol: PolicyProtocol;
}

const firstName = (ps: NormalizedPolicy[]) => ps[0]!.name;
/** Up to this many ports in all, the script finds a port's class in a Map; beyond it, by binary search over ranges. */
export const MAX_MAPPED_PORTS = 4096;

/**
 * Compiles policies into port segments -> classes -> host and IP tables. `creditOnly` (EnableEgress) keeps
 * one IP table per class over every policy, which is all a passthrough needs to credit a policy in its logs.
 */
export function buildPolicyTables(policies: readonly NormalizedPolicy[], creditOnly: boolean): PolicyTablesIR {
  const regexes = [...new Set(policies.flatMap(regexSources))].sort();
  const httpPolicies = policies.filter((p) => p.ports.some((r) => r.protocol === 'http'));
  const httpRules: HttpRuleIR[] = creditOnly ? [] : httpPolicies.map((p) => ({ policy: p.name, matches: p.matches?.map((m) => matchIR(m, regexes)) ?? null }));
  const ruleIndex = new Map(httpPolicies.map((p, i) => [p.name, i]));

  const classes: PortClassIR[] = [];
  const classKeys = new Map<string, number>();
  const segments: Segment[] = [];
  const classEntries: PortEntry[][] = [];
  for (const { first, last, entries } of portSegments(policies)) {
    const key = entries.map((e) => `${e.policy.name}\u0000${e.protocol}`).join('\u0001');
    let classIndex = classKeys.get(key);
    if (classIndex === undefined) {
      classIndex = classEntries.length;
      classKeys.set(key, classIndex);
      classEntries.push(entries);
    }
    const previous = segments[segments.length - 1];
    if (previous && previous.classIndex === classIndex && previous.last + 1 === first) previous.last = last;
    else segments.push({ first, last, classIndex });
  }
  const segmentsOf = new Map<number, Segment[]>();
  for (const s of segments) {
    if (!segmentsOf.has(s.classIndex)) segmentsOf.set(s.classIndex, []);
    segmentsOf.get(s.classIndex)!.push(s);
  }
  classEntries.forEach((entries, i) => {
    const own = segmentsOf.get(i)!;
    const onlyPort = own.length === 1 && own[0]!.first === own[0]!.last ? own[0]!.first : null;
    const comment = `ports ${own.map((s) => (s.first === s.last ? `${s.first}` : `${s.first}-${s.last}`)).join(', ')}: ` +
      entries.map((e) => `${e.policy.name} (${e.protocol})`).join(', ');
    classes.push(creditOnly ? creditClass(entries, comment) : portClass(entries, ruleIndex, comment, onlyPort));
  });
  return { ports: portIndex(segments), classes, httpRules, regexes: creditOnly ? [] : regexes };
}

interface Segment {
  first: number;
  last: number;
  classIndex: number;
}

function portIndex(segments: Segment[]): PortIndexIR {
  const total = segments.reduce((n, s) => n + s.last - s.first + 1, 0);
  if (total > MAX_MAPPED_PORTS) return { kind: 'ranges', segments };
  return { kind: 'map', entries: segments.flatMap((s) => Array.from({ length: s.last - s.first + 1 }, (_, i): [number, number] => [s.first + i, s.classIndex])) };
}

function portClass(entries: readonly PortEntry[], ruleIndex: ReadonlyMap<string, number>, comment: string, onlyPort: number | null): PortClassIR {
  const of = (...protocols: PolicyProtocol[]) => unique(entries.filter((e) => protocols.includes(e.protocol)).map((e) => e.policy));
  const l4 = of('tcp', 'tcp-server-first');
  const tls = of('https');
  const http = of('http');
  return {
    comment,
    l4: l4.length > 0 ? buildIpTable(l4.map((p) => ({ cidrs: p.cidrs, value: p })), firstName) : null,
    tls: tls.length > 0 ? buildHostTable(tls, firstName, null) : null,
    http: http.length > 0 ? buildHostTable(http, (ps) => ps.map((p) => ruleIndex.get(p.name)!), onlyPort) : null,
  };
}

function creditClass(entries: readonly PortEntry[], comment: string): PortClassIR {
  const all = unique(entries.map((e) => e.policy));
  return { comment, l4: buildIpTable(all.map((p) => ({ cidrs: p.cidrs, value: p })), firstName), tls: null, http: null };
}

/** Splits every port range at every boundary so each piece has one fixed set of entries (sorted by policy name). */
function portSegments(policies: readonly NormalizedPolicy[]): { first: number; last: number; entries: PortEntry[] }[] {
  // Policies come sorted by name, so a policy's index orders entries as its name would.
  const ranges = policies.flatMap((policy, order) => policy.ports.map((r) => ({ first: r.first, last: r.last, protocol: r.protocol, policy, order })));
  const cuts = [...new Set(ranges.flatMap((r) => [r.first, r.last + 1]))].sort((a, b) => a - b);
  const byFirst = [...ranges].sort((a, b) => a.first - b.first);
  const out: { first: number; last: number; entries: PortEntry[] }[] = [];
  let active: typeof ranges = [];
  let soonestEnd = Infinity;
  let next = 0;
  for (let i = 0; i + 1 < cuts.length; i++) {
    const first = cuts[i]!;
    const last = cuts[i + 1]! - 1;
    if (soonestEnd < first) {
      active = active.filter((r) => r.last >= first);
      soonestEnd = Math.min(...active.map((r) => r.last), Infinity);
    }
    while (next < byFirst.length && byFirst[next]!.first === first) {
      soonestEnd = Math.min(soonestEnd, byFirst[next]!.last);
      active.push(byFirst[next++]!);
    }
    if (active.length === 0) continue;
    const sorted = active.length === 1 ? active : [...active].sort((a, b) => a.order - b.order || compareText(a.protocol, b.protocol));
    const entries = sorted
      .filter((r, j) => j === 0 || r.policy !== sorted[j - 1]!.policy || r.protocol !== sorted[j - 1]!.protocol)
      .map((r) => ({ policy: r.policy, protocol: r.protocol }));
    out.push({ first, last, entries });
  }
  return out;
}

function unique(policies: readonly NormalizedPolicy[]): NormalizedPolicy[] {
  return [...new Set(policies)];
}

function regexSources(p: NormalizedPolicy): string[] {
  return (p.matches ?? []).flatMap((m) => [...(m.path?.type === 'regex' ? [m.path.value] : []), ...m.headers.map(([, v]) => v)]);
}

function matchIR(m: NonNullable<NormalizedPolicy['matches']>[number], regexes: readonly string[]): HttpMatchIR {
  return {
    path: m.path === null ? null : m.path.type === 'regex' ? { type: 'regex', regex: regexes.indexOf(m.path.value) } : { type: m.path.type, value: m.path.value },
    methods: m.methods,
    headers: m.headers.map(([name, source]): [string, number] => [name, regexes.indexOf(source)]),
  };
}
