import {
  DEFAULT_DNS_ADDRESS,
  DEFAULT_DNS_PORT,
  DEFAULT_DNS_TTL,
  DEFAULT_OUTBOUND_PORT,
  type DnsProxy,
  type EgressPolicy,
  type HttpMatch,
  type SidecarSpec,
} from '../sidecar-spec/types.js';
import { formatEndpoint, parseEndpoint } from '../net/endpoint.js';
import { formatCidr, formatIp, parseIp } from '../net/ip.js';
import { formatHostPattern } from '../validate/host-pattern.js';
import type { ParsedValues } from '../validate/parsed-values.js';
import type { ValidSpec } from '../validate/validate.js';
import { canonicalCidrs } from './canonical-cidrs.js';
import type { DnsModel, NormalizedPolicy, SidecarModel } from './model.js';
import { normalizePolicies } from './normalize-policies.js';

/** Pure: a valid spec (with what validation parsed of it) in, its canonical model out. */
export function normalize(valid: ValidSpec, values: ParsedValues): SidecarModel {
  const traffic = valid.Spec.Traffic ?? {};
  const logLevel = valid.Spec.SidecarLogLevel ?? 'error';
  const timeout = valid.Spec.SidecarTimeout ?? 0;
  const mesh = canonicalCidrs(traffic.MeshCIDRs ?? [], values);
  const port = traffic.OutboundPort ?? DEFAULT_OUTBOUND_PORT;
  const enableEgress = traffic.EnableEgress ?? false;
  const audit = traffic.EgressPolicyMode === 'audit';
  const policies = normalizePolicies(valid.EgressPolicies ?? [], values);
  const metricsPort = valid.Spec.Metrics?.Port ?? null;
  const dns = dnsModel(traffic.DNS);
  // Keys in sorted order at every level: the canonical JSON of the spec (hashed into the manifest) needs no copy.
  const spec: SidecarSpec = {
    EgressPolicies: policies.map(canonicalPolicy),
    Spec: {
      ...(metricsPort !== null && { Metrics: { Port: metricsPort } }),
      SidecarLogLevel: logLevel,
      SidecarTimeout: timeout,
      Traffic: {
        ...(traffic.DNS &&
          dns && {
            DNS: {
              Address: dns.address,
              MaxTTL: dns.ttl.max,
              MinTTL: dns.ttl.min,
              Port: dns.port,
              Upstream: dns.upstream,
            },
          }),
        ...(audit && { EgressPolicyMode: 'audit' as const }),
        EnableEgress: enableEgress,
        MeshCIDRs: mesh.map((c) => c.text),
        OutboundPort: port,
      },
    },
  };
  return {
    kind: 'model',
    spec,
    listenPort: port,
    metricsPort,
    logLevel,
    timeout,
    meshCidrs: mesh.map((c) => c.cidr),
    enableEgress,
    audit,
    dns,
    policies,
  };
}

function dnsModel(dns: DnsProxy | undefined): DnsModel | null {
  if (!dns) return null;
  const port = dns.Port ?? DEFAULT_DNS_PORT;
  const listen = parseIp(dns.Address ?? DEFAULT_DNS_ADDRESS)!;
  return {
    address: formatIp(listen),
    listen: formatEndpoint({ ip: listen, port }),
    upstream: formatEndpoint(parseEndpoint(dns.Upstream, 53)!),
    port,
    ttl: { min: dns.MinTTL ?? DEFAULT_DNS_TTL.min, max: dns.MaxTTL ?? DEFAULT_DNS_TTL.max },
  };
}

function canonicalPolicy(p: NormalizedPolicy): EgressPolicy {
  const out: Partial<EgressPolicy> = {};
  if (p.hosts) out.Hosts = p.hosts.map(formatHostPattern);
  if (p.cidrs) out.IPAddresses = p.cidrs.map((c) => formatCidr(c));
  if (p.matches) out.Matches = p.matches.map(canonicalMatch);
  out.Name = p.name;
  out.Ports = p.ports.map((r) =>
    r.last !== r.first
      ? { EndPort: r.last, Number: r.first, Protocol: r.protocol }
      : { Number: r.first, Protocol: r.protocol },
  );
  return out as EgressPolicy;
}

function canonicalMatch(m: NonNullable<NormalizedPolicy['matches']>[number]): HttpMatch {
  const out: HttpMatch = {};
  if (m.headers.length > 0) out.Headers = Object.fromEntries(m.headers);
  if (m.methods) out.Methods = m.methods;
  if (m.path) {
    out.Path = m.path.value;
    out.PathType = m.path.type === 'exact' ? 'Exact' : m.path.type === 'prefix' ? 'Prefix' : 'RegularExpression';
  }
  return out;
}
