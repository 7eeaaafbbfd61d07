import { error, pointerOf, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { ParsedValues } from './parsed-values.js';
import { DEFAULT_OUTBOUND_PORT } from '../sidecar-spec/types.js';
import { canonicalCidrText, eachPolicy, listedTwice, POLICY_RULES } from './policy-rules.js';
import type { SemanticRule } from './semantic-rule.js';
import { DNS_RULES } from './dns-rules.js';
import { flatMapped } from '../util/flat-mapped.js';

export const SEMANTIC_RULES: readonly SemanticRule[] = [
  {
    name: 'mesh CIDRs are IPv4/IPv6 CIDRs or addresses with no host bits set',
    check: (spec, parsed) =>
      (spec.Spec.Traffic?.MeshCIDRs ?? []).flatMap((text, i) =>
        cidrProblems(parsed, text, () => pointerOf('Spec', 'Traffic', 'MeshCIDRs', i)),
      ),
  },
  {
    name: 'mesh CIDRs are listed once',
    check: (spec, parsed) =>
      listedTwice(
        spec.Spec.Traffic?.MeshCIDRs ?? [],
        (text) => canonicalCidrText(parsed, text),
        (i) => pointerOf('Spec', 'Traffic', 'MeshCIDRs', i),
      ),
  },
  {
    name: 'policy IP addresses are IPv4/IPv6 CIDRs or addresses with no host bits set',
    check: eachPolicy((p, at, parsed) =>
      p.IPAddresses === undefined
        ? []
        : flatMapped(p.IPAddresses, (text, j) => cidrProblems(parsed, text, () => at('IPAddresses', j))),
    ),
  },
  {
    name: 'policy names are unique',
    check: (spec, _values, { name }) => {
      const first = new Map<string, number>();
      const out: Diagnostic[] = [];
      (spec.EgressPolicies ?? []).forEach((p, i) => {
        const seen = first.get(p.Name);
        if (seen === undefined) first.set(p.Name, i);
        else
          out.push(
            error(
              'PIPYC3002',
              `policy name "${p.Name}" is already used by ${name(pointerOf('EgressPolicies', seen))}`,
              pointerOf('EgressPolicies', i, 'Name'),
            ),
          );
      });
      return out;
    },
  },
  {
    name: 'the metrics port is not the port outbound traffic is redirected to',
    check: (spec) => {
      const metrics = spec.Spec.Metrics?.Port;
      const outbound = spec.Spec.Traffic?.OutboundPort ?? DEFAULT_OUTBOUND_PORT;
      return metrics === outbound
        ? [
            error(
              'PIPYC3012',
              `Metrics.Port ${metrics} is the OutboundPort: the sidecar listens there for redirected traffic`,
              pointerOf('Spec', 'Metrics', 'Port'),
              'osm-edge serves metrics on 15010',
            ),
          ]
        : [];
    },
  },
  ...DNS_RULES,
  ...POLICY_RULES,
];

/** `pointer` is only worked out for a CIDR that has a problem. */
function cidrProblems(values: ParsedValues, text: string, pointer: () => string): Diagnostic[] {
  const parsed = values.cidr(text);
  if (parsed.kind === 'parsed') return [];
  return [
    error(
      'PIPYC3001',
      `"${text}" is not a valid CIDR: ${parsed.reason}`,
      pointer(),
      parsed.suggestion && `did you mean "${parsed.suggestion}"?`,
    ),
  ];
}
