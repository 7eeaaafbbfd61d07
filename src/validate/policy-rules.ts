import { error, pointerOf, warning, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { ParsedValues } from './parsed-values.js';
import { formatHostPattern } from './host-pattern.js';
import { formatCidr } from '../net/ip.js';
import type { EgressPolicy, SidecarSpec } from '../sidecar-spec/types.js';
import type { RuleContext, SemanticRule } from './semantic-rule.js';
import { flatMapped } from '../util/flat-mapped.js';

type PolicyCheck = (
  p: EgressPolicy,
  at: (...path: (string | number)[]) => string,
  parsed: ParsedValues,
  context: RuleContext,
) => Diagnostic[];

/**
 * A rule that checks each policy on its own, with a pointer maker for that policy's fields. A plain loop: it runs
 * for every policy of every such rule, and almost every check finds nothing.
 */
export const eachPolicy =
  (check: PolicyCheck) =>
  (spec: SidecarSpec, parsed: ParsedValues, context: RuleContext): Diagnostic[] => {
    const out: Diagnostic[] = [];
    const policies = spec.EgressPolicies ?? [];
    for (let i = 0; i < policies.length; i++) {
      const found = check(policies[i]!, (...path) => pointerOf('EgressPolicies', i, ...path), parsed, context);
      if (found.length > 0) out.push(...found);
    }
    return out;
  };

export const POLICY_RULES: readonly SemanticRule[] = [
  {
    name: 'hosts are names, *.suffix wildcards or *',
    check: eachPolicy((p, at, values) =>
      flatMapped(p.Hosts ?? [], (host, j) => {
        const parsed = values.host(host);
        return parsed.kind === 'parsed'
          ? []
          : [error('PIPYC3004', `"${host}" is not a valid host: ${parsed.reason}`, at('Hosts', j), parsed.hint)];
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
        if ((p.Hosts?.length ?? 0) > 1)
          out.push(
            ...listedTwice(
              p.Hosts!,
              (h) => {
                const parsed = values.host(h);
                return parsed.kind === 'parsed' ? formatHostPattern(parsed.pattern) : h;
              },
              at('Hosts'),
            ),
          );
        if ((p.IPAddresses?.length ?? 0) > 1)
          out.push(...listedTwice(p.IPAddresses!, (c) => canonicalCidrText(values, c), at('IPAddresses')));
        if (p.Ports.length > 1)
          out.push(...listedTwice(p.Ports, (r) => `${r.Number}-${r.EndPort ?? r.Number}/${r.Protocol}`, at('Ports')));
      });
      return out;
    },
  },
  {
    name: 'EndPort is not below Number',
    check: eachPolicy((p, at) =>
      flatMapped(p.Ports, (port, j) =>
        port.EndPort !== undefined && port.EndPort < port.Number
          ? [error('PIPYC3005', `EndPort ${port.EndPort} is below Number ${port.Number}`, at('Ports', j, 'EndPort'))]
          : [],
      ),
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

/** A CIDR's canonical text, or the text as written when it does not parse (its own rule reports that). */
export function canonicalCidrText(values: ParsedValues, text: string): string {
  const parsed = values.cidr(text);
  return parsed.kind === 'parsed' ? formatCidr(parsed.cidr) : text;
}

/** A warning (PIPYC4003) for each entry equal, in canonical form (`key`), to an earlier one of the same list. */
export function listedTwice<T>(
  items: readonly T[],
  key: (item: T) => string,
  pointerAt: (i: number) => string,
): Diagnostic[] {
  const seen = new Set<string>();
  return flatMapped(items, (item, i) => {
    const k = key(item);
    if (!seen.has(k)) {
      seen.add(k);
      return [];
    }
    return [warning('PIPYC4003', `"${typeof item === 'string' ? item : k}" is listed more than once`, pointerAt(i))];
  });
}
