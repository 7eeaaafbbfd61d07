import { canonicalCidrs } from '../normalize/canonical-cidrs.js';
import type { EgressPolicy, HttpMatch } from '../spec/types.js';
import { formatHostPattern, parseHostPattern, type HostPattern } from './host-pattern.js';
import { checkRegex } from './regex.js';
import type { HttpMatchRule, NormalizedPolicy } from './types.js';
import { compareText } from '../util/compare.js';

/** Canonical policies sorted by name, so that nothing downstream depends on the order of the input. */
export function normalizePolicies(policies: readonly EgressPolicy[]): NormalizedPolicy[] {
  return policies.map(normalizePolicy).sort((a, b) => compareText(a.name, b.name));
}

function normalizePolicy(p: EgressPolicy): NormalizedPolicy {
  return {
    name: p.Name,
    hosts: p.Hosts && p.Hosts.length > 0 ? uniqueHosts(p.Hosts) : null,
    cidrs: p.IPAddresses && p.IPAddresses.length > 0 ? canonicalCidrs(p.IPAddresses).map((c) => c.cidr) : null,
    ports: p.Ports.map((port) => ({ first: port.Number, last: port.EndPort ?? port.Number, protocol: port.Protocol }))
      .sort((a, b) => a.first - b.first || a.last - b.last || compareText(a.protocol, b.protocol))
      .filter((r, i, all) => i === 0 || JSON.stringify(r) !== JSON.stringify(all[i - 1])),
    matches: p.Matches && p.Matches.length > 0 ? p.Matches.map(normalizeMatch) : null,
  };
}

function uniqueHosts(hosts: readonly string[]): HostPattern[] {
  const byText = new Map<string, HostPattern>();
  for (const text of hosts) {
    const parsed = parseHostPattern(text);
    if (!parsed.ok) throw new Error(`internal: unvalidated host ${text}`);
    byText.set(formatHostPattern(parsed.pattern), parsed.pattern);
  }
  return [...byText.keys()].sort().map((k) => byText.get(k)!);
}

function normalizeMatch(m: HttpMatch): HttpMatchRule {
  const type = m.PathType ?? 'Prefix';
  const path =
    m.Path === undefined
      ? null
      : type === 'RegularExpression'
        ? { type: 'regex' as const, value: anchored(m.Path) }
        : { type: type === 'Exact' ? ('exact' as const) : ('prefix' as const), value: m.Path };
  return {
    path: path && path.type === 'prefix' && path.value === '' ? null : path,
    methods: m.Methods && m.Methods.length > 0 ? [...new Set(m.Methods)].sort() : null,
    headers: Object.entries(m.Headers ?? {})
      .map(([name, value]): [string, string] => [name.toLowerCase(), anchored(value)])
      .sort((a, b) => compareText(a[0], b[0])),
  };
}

function anchored(source: string): string {
  const checked = checkRegex(source);
  if (!checked.ok) throw new Error(`internal: unvalidated regular expression ${source}`);
  return checked.anchored;
}

