import { error, pointerOf, type Diagnostic } from '../diagnostics/diagnostic.js';
import { isLoopback, parseEndpoint } from '../net/endpoint.js';
import { parseIp } from '../net/ip.js';
import {
  DEFAULT_DNS_ADDRESS,
  DEFAULT_DNS_PORT,
  DEFAULT_DNS_TTL,
  DEFAULT_OUTBOUND_PORT,
  type SidecarSpec,
} from '../sidecar-spec/types.js';
import type { SemanticRule } from './semantic-rule.js';

export const DNS_RULES: readonly SemanticRule[] = [
  {
    name: 'the DNS proxy forwards to an address, listens on a loopback address and a port of its own',
    check: (spec) => dnsProblems(spec),
  },
];

function dnsProblems(spec: SidecarSpec): Diagnostic[] {
  const dns = spec.Spec.Traffic?.DNS;
  if (!dns) return [];
  const at = (field: string) => pointerOf('Spec', 'Traffic', 'DNS', field);
  const problems: Diagnostic[] = [];
  if (!parseEndpoint(dns.Upstream, 53)) {
    problems.push(
      error(
        'PIPYC3013',
        `DNS.Upstream "${dns.Upstream}" is not an address with an optional port`,
        at('Upstream'),
        'write 192.0.2.53, 192.0.2.53:5353 or [2001:db8::53]:53',
      ),
    );
  }
  const address = dns.Address ?? DEFAULT_DNS_ADDRESS;
  const listen = parseIp(address);
  if (!listen || !isLoopback(listen)) {
    problems.push(
      error(
        'PIPYC3013',
        `DNS.Address "${address}" is not a loopback address: the proxy answers the pod's own queries only`,
        at('Address'),
        `osm-edge uses ${DEFAULT_DNS_ADDRESS}`,
      ),
    );
  }
  const port = dns.Port ?? DEFAULT_DNS_PORT;
  const outbound = spec.Spec.Traffic?.OutboundPort ?? DEFAULT_OUTBOUND_PORT;
  const taken = port === outbound ? 'the OutboundPort' : port === spec.Spec.Metrics?.Port ? 'Metrics.Port' : null;
  if (taken)
    problems.push(
      error(
        'PIPYC3013',
        `DNS.Port ${port} is ${taken}: the DNS proxy listens on TCP too`,
        at('Port'),
        `osm-edge uses ${DEFAULT_DNS_PORT}`,
      ),
    );
  const [min, max] = [dns.MinTTL ?? DEFAULT_DNS_TTL.min, dns.MaxTTL ?? DEFAULT_DNS_TTL.max];
  if (min > max)
    problems.push(
      error(
        'PIPYC3013',
        `DNS.MinTTL ${min} is above DNS.MaxTTL ${max}`,
        at(dns.MinTTL !== undefined ? 'MinTTL' : 'MaxTTL'),
      ),
    );
  return problems;
}
