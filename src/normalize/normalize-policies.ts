import { internalError } from '../util/internal-error.js';
import { canonicalCidrs, canonicalUnique } from './canonical-cidrs.js';
import type { EgressPolicy, HttpMatch } from '../sidecar-spec/types.js';
import { formatHostPattern, type HostPattern } from '../validate/host-pattern.js';
import type { ParsedValues } from '../validate/parsed-values.js';
import type { HttpMatchRule, NormalizedPolicy } from './model.js';
import { compareText } from '../util/compare.js';

/** Canonical policies sorted by name, so that nothing downstream depends on the order of the input. */
export function normalizePolicies(policies: readonly EgressPolicy[], values: ParsedValues): NormalizedPolicy[] {
  return policies.map((p) => normalizePolicy(p, values)).sort((a, b) => compareText(a.name, b.name));
}

function normalizePolicy(p: EgressPolicy, values: ParsedValues): NormalizedPolicy {
  return {
    name: p.Name,
    hosts: p.Hosts && p.Hosts.length > 0 ? uniqueHosts(p.Hosts, values) : null,
    cidrs: p.IPAddresses && p.IPAddresses.length > 0 ? canonicalCidrs(p.IPAddresses, values).map((c) => c.cidr) : null,
    ports: p.Ports.map((port) => ({ first: port.Number, last: port.EndPort ?? port.Number, protocol: port.Protocol }))
      .sort((a, b) => a.first - b.first || a.last - b.last || compareText(a.protocol, b.protocol))
      .filter(
        (r, i, all) =>
          i === 0 ||
          r.first !== all[i - 1]!.first ||
          r.last !== all[i - 1]!.last ||
          r.protocol !== all[i - 1]!.protocol,
      ),
    matches: p.Matches && p.Matches.length > 0 ? p.Matches.map((m) => normalizeMatch(m, values)) : null,
  };
}

function uniqueHosts(hosts: readonly string[], values: ParsedValues): HostPattern[] {
  const parse = (text: string) => {
    const parsed = values.host(text);
    if (parsed.kind === 'invalid') throw internalError(`unvalidated host ${text}`);
    return parsed.pattern;
  };
  return canonicalUnique(hosts, parse, formatHostPattern)
    .sort((a, b) => compareText(a[0], b[0]))
    .map(([, pattern]) => pattern);
}

function normalizeMatch(m: HttpMatch, values: ParsedValues): HttpMatchRule {
  const type = m.PathType ?? 'Prefix';
  const path =
    m.Path === undefined
      ? null
      : type === 'RegularExpression'
        ? { type: 'regex' as const, value: anchored(m.Path, values) }
        : { type: type === 'Exact' ? ('exact' as const) : ('prefix' as const), value: m.Path };
  return {
    path: path && path.type === 'prefix' && path.value === '' ? null : path,
    methods: m.Methods && m.Methods.length > 0 ? [...new Set(m.Methods)].sort() : null,
    headers: Object.entries(m.Headers ?? {})
      .map(([name, value]): [string, string] => [name.toLowerCase(), anchored(value, values)])
      .sort((a, b) => compareText(a[0], b[0])),
  };
}

function anchored(source: string, values: ParsedValues): string {
  const checked = values.regex(source);
  if (checked.kind === 'invalid') throw internalError(`unvalidated regular expression ${source}`);
  return checked.anchored;
}
