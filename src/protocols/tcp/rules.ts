import { warning } from '../../diagnostics/diagnostic.js';
import { eachPolicy } from '../../validate/policy-rules.js';
import type { SemanticRule } from '../../validate/semantic-rule.js';

export const TCP_RULES: readonly SemanticRule[] = [
  {
    name: 'Hosts are ignored on tcp ports without the DNS proxy (warning)',
    check: (spec, values, context) => (spec.Spec.Traffic?.DNS ? [] : hostsIgnored(spec, values, context)),
  },
];

const hostsIgnored = eachPolicy((p, at, _values, { sniffed }) =>
  p.Hosts && p.Hosts.length > 0 && p.Ports.some((port) => !sniffed.has(port.Protocol))
    ? [
        warning(
          'PIPYC4002',
          `policy "${p.Name}" names Hosts, which cannot be checked on its tcp ports: there it allows by port${p.IPAddresses ? ' and IPAddresses' : ' alone'}`,
          at('Hosts'),
          p.IPAddresses
            ? 'set Spec.Traffic.DNS to allow only the addresses the sidecar resolved for them'
            : 'add IPAddresses, or set Spec.Traffic.DNS to allow only the addresses the sidecar resolved for them',
        ),
      ]
    : [],
);
