import { error, pointerOf, warning, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { ParsedValues } from './parsed-values.js';
import { formatHostPattern } from './host-pattern.js';
import { formatCidr } from '../net/ip.js';
import type { EgressPolicy, PolicyProtocol, SidecarSpec } from '../spec/types.js';
import type { SemanticRule } from './semantic-rule.js';

type PolicyCheck = (p: EgressPolicy, at: (...path: (string | number)[]) => string, parsed: ParsedValues) => Diagnostic[];

const eachPolicy =
  (check: PolicyCheck) =>
  (spec: SidecarSpec, parsed: ParsedValues): Diagnostic[] =>
    (spec.EgressPolicies ?? []).flatMap((p, i) => check(p, (...path) => pointerOf('EgressPolicies', i, ...path), parsed));

const SNIFFED: ReadonlySet<PolicyProtocol> = new Set(['http', 'https']);

export const POLICY_RULES: readonly SemanticRule[] = [
  {
    name: 'hosts are names, *.suffix wildcards or *',
    check: eachPolicy((p, at, values) =>
      (p.Hosts ?? []).flatMap((host, j) => {
        const parsed = values.host(host);
        return parsed.kind === 'parsed' ? [] : [error('PIPYC3004', `"${host}" is not a valid host: ${parsed.reason}`, at('Hosts', j), parsed.hint)];
      }),
    ),
  },
  {
    name: 'Hosts, IPAddresses and Ports list each entry once',
    // A plain loop: this runs for every policy, and most lists hold one entry, so there is nothing to compare.
    check: (spec, values) => {
      const out: Diagnostic[] = [];
      (spec.EgressPolicies ?? []).forEach((p, i) => {
        const at = (field: string) => (j: number) => pointerOf('EgressPolicies', i, field, j);
        if ((p.Hosts?.length ?? 0) > 1) out.push(...listedTwice(p.Hosts!, (h) => { const parsed = values.host(h); return parsed.kind === 'parsed' ? formatHostPattern(parsed.pattern) : h; }, at('Hosts')));
        if ((p.IPAddresses?.length ?? 0) > 1) out.push(...listedTwice(p.IPAddresses!, (c) => cidrKey(values, c), at('IPAddresses')));
        if (p.Ports.length > 1) out.push(...listedTwice(p.Ports, (r) => `${r.Number}-${r.EndPort ?? r.Number}/${r.Protocol}`, at('Ports')));
      });
      return out;
    },
  },
  {
    name: 'EndPort is not below Number',
    check: eachPolicy((p, at) =>
      p.Ports.flatMap((port, j) =>
        port.EndPort !== undefined && port.EndPort < port.Number
          ? [error('PIPYC3005', `EndPort ${port.EndPort} is below Number ${port.Number}`, at('Ports', j, 'EndPort'))]
          : [],
      ),
    ),
  },
  {
    name: 'a port is not both server-first and sniffed (http/https)',
    check: (spec) => serverFirstConflicts(spec),
  },
  {
    name: 'regular expressions compile in both JavaScript and Pipy',
    check: eachPolicy((p, at, values) =>
      (p.Matches ?? []).flatMap((m, j) => [
        ...(m.PathType === 'RegularExpression' && m.Path !== undefined ? regexProblems(values, m.Path, at('Matches', j, 'Path')) : []),
        ...Object.entries(m.Headers ?? {}).flatMap(([name, value]) => regexProblems(values, value, at('Matches', j, 'Headers', name))),
      ]),
    ),
  },
  {
    name: 'exact and prefix paths are printable ASCII',
    check: eachPolicy((p, at) =>
      (p.Matches ?? []).flatMap((m, j) =>
        m.Path !== undefined && m.PathType !== 'RegularExpression' && !/^[\x21-\x7e]*$/.test(m.Path)
          ? [error('PIPYC3011', 'Path must be printable ASCII without spaces; percent-encode anything else', at('Matches', j, 'Path'))]
          : [],
      ),
    ),
  },
  {
    name: 'PathType comes with a Path',
    check: eachPolicy((p, at) =>
      (p.Matches ?? []).flatMap((m, j) =>
        m.PathType !== undefined && m.Path === undefined ? [error('PIPYC3009', 'PathType is set but Path is missing', at('Matches', j, 'PathType'))] : [],
      ),
    ),
  },
  {
    name: 'header names in a match are unique, ignoring case',
    check: eachPolicy((p, at) =>
      (p.Matches ?? []).flatMap((m, j) => {
        const seen = new Set<string>();
        return Object.keys(m.Headers ?? {}).flatMap((name) => {
          const lower = name.toLowerCase();
          if (!seen.has(lower)) return (seen.add(lower), []);
          return [error('PIPYC3010', `header "${name}" is listed twice (header names ignore case)`, at('Matches', j, 'Headers', name))];
        });
      }),
    ),
  },
  {
    name: 'HTTP matches need an http port',
    check: eachPolicy((p, at) =>
      p.Matches && p.Matches.length > 0 && !p.Ports.some((port) => port.Protocol === 'http')
        ? [error('PIPYC3008', `policy "${p.Name}" has Matches but no http port, so they could never apply`, at('Matches'))]
        : [],
    ),
  },
  {
    name: 'Hosts are ignored on tcp ports (warning)',
    check: eachPolicy((p, at) =>
      p.Hosts && p.Hosts.length > 0 && p.Ports.some((port) => !SNIFFED.has(port.Protocol))
        ? [
            warning(
              'PIPYC4002',
              `policy "${p.Name}" names Hosts, which cannot be checked on its tcp ports: there it allows by port${p.IPAddresses ? ' and IPAddresses' : ' alone'}`,
              at('Hosts'),
              p.IPAddresses ? undefined : 'add IPAddresses to limit where the tcp ports lead',
            ),
          ]
        : [],
    ),
  },
  {
    name: 'policies are moot while EnableEgress is true (warning)',
    check: (spec) =>
      spec.Spec.Traffic?.EnableEgress === true && (spec.EgressPolicies ?? []).length > 0
        ? [
            warning(
              'PIPYC4001',
              'EnableEgress is true, so all egress is allowed and EgressPolicies restrict nothing; they are only credited in logs',
              '/EgressPolicies',
            ),
          ]
        : [],
  },
];

function regexProblems(values: ParsedValues, source: string, pointer: string): Diagnostic[] {
  const checked = values.regex(source);
  return checked.kind === 'parsed' ? [] : [error('PIPYC3007', `invalid regular expression ${JSON.stringify(source)}: ${checked.reason}`, pointer)];
}

function serverFirstConflicts(spec: SidecarSpec): Diagnostic[] {
  const ranges = (spec.EgressPolicies ?? []).flatMap((p, i) =>
    p.Ports.map((port, j) => ({ first: port.Number, last: port.EndPort ?? port.Number, protocol: port.Protocol, policy: p.Name, i, j })),
  );
  const serverFirst = ranges.filter((r) => r.protocol === 'tcp-server-first');
  const sniffed = ranges.filter((r) => SNIFFED.has(r.protocol)).sort((a, b) => a.first - b.first);
  // The first sniffed range (by start) that overlaps, found by binary searches instead of a scan per range.
  const reach: number[] = [];
  sniffed.forEach((r, k) => reach.push(Math.max(r.last, k > 0 ? reach[k - 1]! : -1)));
  const firstIndex = (n: number, holds: (k: number) => boolean) => {
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (holds(mid)) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
  return serverFirst.flatMap((s) => {
    const starting = firstIndex(sniffed.length, (k) => sniffed[k]!.first > s.last);
    const k = firstIndex(starting, (k) => reach[k]! >= s.first);
    const clash = sniffed[k];
    if (k >= starting || !clash) return [];
    return [
      error(
        'PIPYC3006',
        `port ${s.first}${s.last > s.first ? `-${s.last}` : ''} is tcp-server-first here but ${clash.protocol} in policy "${clash.policy}"; a server-first port cannot be sniffed`,
        pointerOf('EgressPolicies', s.i, 'Ports', s.j, 'Protocol'),
      ),
    ];
  });
}

/** A CIDR's canonical text, or the text as written when it does not parse (its own rule reports that). */
export function cidrKey(values: ParsedValues, text: string): string {
  const parsed = values.cidr(text);
  return parsed.kind === 'parsed' ? formatCidr(parsed.cidr) : text;
}

/** A warning (PIPYC4003) for each entry equal, in canonical form (`key`), to an earlier one of the same list. */
export function listedTwice<T>(items: readonly T[], key: (item: T) => string, pointerAt: (i: number) => string): Diagnostic[] {
  const seen = new Set<string>();
  return items.flatMap((item, i) => {
    const k = key(item);
    if (!seen.has(k)) {
      seen.add(k);
      return [];
    }
    return [warning('PIPYC4003', `"${typeof item === 'string' ? item : k}" is listed more than once`, pointerAt(i))];
  });
}
