import type { EgressPolicy, Probe, SidecarSpec } from '../../src/index.js';
import { DEFAULT_OUTBOUND_PORT } from '../../src/sidecar-spec/types.js';
import { POD_IP } from './netns-lab.js';

/** mulberry32: a small seeded PRNG, so a failing case is reproduced from its printed seed. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const some = <T>(r: () => number, xs: readonly T[], max: number): T[] => [
  ...new Set(Array.from({ length: 1 + Math.floor(r() * max) }, () => pick(r, xs))),
];

export const NAMES = [
  'a.example.com',
  'b.example.com',
  'x.a.example.com',
  'deep.x.a.example.com',
  'example.com',
  'api.example.org',
];
const HOST_PATTERNS = [...NAMES, '*.example.com', '*.a.example.com', '*.example.org', '*'];
/** The external host's addresses in test/support/netns-lab.ts, and a few neighbours and IPv6 addresses. */
export const DESTINATIONS = [
  '203.0.113.10',
  '203.0.113.11',
  '203.0.113.20',
  '198.51.100.10',
  '198.51.100.20',
  '203.0.113.200',
  '2001:db8::10',
  '2001:db8:1::5',
  '::ffff:203.0.113.10',
  '2001:db8::',
];
const CIDRS = [
  '203.0.113.0/24',
  '203.0.113.10',
  '203.0.113.0/28',
  '203.0.113.16/28',
  '198.51.100.0/24',
  '198.51.100.20/32',
  '0.0.0.0/0',
  '2001:db8::/32',
  '2001:db8::10/128',
  '::ffff:203.0.113.0/120',
];
/** Ports the external host serves: 80 http, 443 tls, 7000 echo, 2525/5432/5433 server-first banners. */
export const SNIFFED_PORTS = [80, 443, 7000];
export const SERVER_FIRST_PORTS = [2525, 5432, 5433];
const METRICS_PORT = 15010;
const PATHS = ['/', '/v1/users', '/v1/', '/health', '/items/42', '/items/x', '/healthz?x=1'];
const METHODS = ['GET', 'POST', 'HEAD', 'DELETE'];

/**
 * A spec over a small universe of names, addresses and ports, so that policies overlap and collide often. `dns`: with
 * the DNS proxy on, and Hosts on tcp policies too (TCP egress by name).
 */
export function randomSpec(r: () => number, options: { dns?: boolean } = {}): SidecarSpec {
  const count = 1 + Math.floor(r() * 8);
  const policies: EgressPolicy[] = [];
  for (let i = 0; i < count; i++) {
    const serverFirst = r() < 0.2;
    const protocol = serverFirst ? 'tcp-server-first' : pick(r, ['http', 'http', 'https', 'https', 'tcp'] as const);
    const port = serverFirst ? pick(r, SERVER_FIRST_PORTS) : pick(r, SNIFFED_PORTS);
    const policy: EgressPolicy = {
      Name: `p${i}`,
      // Now and then a tcp policy over thousands of ports, so that port classes are found by binary search.
      Ports: [
        {
          Number: port,
          ...(r() < 0.2 && { EndPort: protocol === 'tcp' && r() < 0.5 ? Math.min(65535, port + 6000) : port + 1 }),
          Protocol: protocol,
        },
      ],
    };
    if (protocol === 'http' || protocol === 'https' || (options.dns && r() < 0.7)) {
      if (r() < 0.85) policy.Hosts = some(r, HOST_PATTERNS, 3);
    }
    if (r() < 0.5) policy.IPAddresses = some(r, CIDRS, 2);
    if (protocol === 'http' && r() < 0.4) {
      policy.Matches = Array.from({ length: 1 + Math.floor(r() * 2) }, () => ({
        ...(r() < 0.8 && {
          Path: pick(r, ['/v1/', '/health', '/items/[0-9]+']),
          PathType: pick(r, ['Prefix', 'Exact', 'RegularExpression'] as const),
        }),
        ...(r() < 0.4 && { Methods: some(r, ['GET', 'POST'], 2) }),
        ...(r() < 0.3 && { Headers: { 'X-Team': pick(r, ['blue', 'blue|green', 'g.*']) } }),
      }));
    }
    policies.push(policy);
  }
  return {
    Spec: {
      SidecarLogLevel: pick(r, ['debug', 'info', 'warn', 'off'] as const),
      ...(r() < 0.2 && { Metrics: { Port: METRICS_PORT } }),
      Traffic: {
        EnableEgress: r() < 0.1,
        ...(r() < 0.4 && { MeshCIDRs: some(r, ['198.51.100.10/32', '2001:db8:1::/48'], 2) }),
        ...(options.dns && { DNS: { Upstream: '203.0.113.53' } }),
        // Now and then audit mode: what the policies refuse passes, as would-deny.
        ...(r() < 0.25 && { EgressPolicyMode: 'audit' as const }),
      },
    },
    EgressPolicies: policies,
  };
}

/** The sidecar's own ports for a spec from randomSpec: its outbound port and, when on, its metrics port. */
export function ownPortsOf(spec: SidecarSpec): number[] {
  return [
    spec.Spec.Traffic?.OutboundPort ?? DEFAULT_OUTBOUND_PORT,
    ...(spec.Spec.Metrics ? [spec.Spec.Metrics.Port] : []),
  ];
}

/**
 * A probe over the same universe: names in odd spellings, wrong ports in Host, missing SNI, and so on. With
 * `ownPorts`, every probe comes from the pod's own address and a few go to the sidecar's own ports on the pod itself
 * (its address; loopback only for the outbound port, as loopback is never redirected and reaches the listener as is).
 */
export function randomProbe(
  r: () => number,
  options: { ipv4Only?: boolean; ownPorts?: number[]; learned?: boolean } = {},
): Probe {
  if (options.learned) return { ...randomProbe(r, { ...options, learned: false }), ...randomLearned(r) };
  const own = options.ownPorts;
  if (own && r() < 0.08) {
    const port = pick(r, own);
    const ip = port === own[0] && r() < 0.5 ? '127.0.0.1' : POD_IP;
    return r() < 0.5
      ? { dst: `${ip}:${port}`, src: POD_IP, protocol: 'tcp' }
      : { dst: `${ip}:${port}`, src: POD_IP, protocol: 'http', host: 'a.example.com' };
  }
  const probe = otherProbe(r, options.ipv4Only === true);
  return own ? { ...probe, src: POD_IP } : probe;
}

/** What a DNS proxy may have learned: names (in odd spellings too) to addresses, live and expired. */
function randomLearned(r: () => number): Pick<Probe, 'resolved' | 'expired'> {
  const names = (n: number) =>
    Object.fromEntries(
      Array.from({ length: n }, () => {
        const name = pick(r, [...NAMES, 'other.example.net', 'x.example.org']);
        return [r() < 0.2 ? name.toUpperCase() + '.' : name, some(r, [...DESTINATIONS, '127.0.0.1', '169.254.1.1'], 2)];
      }),
    );
  return { resolved: names(Math.floor(r() * 4)), ...(r() < 0.4 && { expired: names(1 + Math.floor(r() * 2)) }) };
}

const WEBSOCKET_HANDSHAKE = {
  Upgrade: 'websocket',
  Connection: 'Upgrade',
  'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
  'Sec-WebSocket-Version': '13',
};

function otherProbe(r: () => number, ipv4Only: boolean): Probe {
  const ips = ipv4Only ? DESTINATIONS.filter((d) => !d.includes(':')) : DESTINATIONS;
  const ip = pick(r, ips);
  const port = pick(r, [...SNIFFED_PORTS, ...SERVER_FIRST_PORTS]);
  const dst = ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
  const protocol = SERVER_FIRST_PORTS.includes(port)
    ? 'tcp'
    : port === 80
      ? pick(r, ['http', 'http', 'tls', 'tcp'] as const)
      : port === 443
        ? pick(r, ['tls', 'tls', 'http', 'tcp'] as const)
        : pick(r, ['tcp', 'http', 'tls'] as const);
  const name = pick(r, [...NAMES, 'other.example.net']);
  const spelled = r() < 0.2 ? name.toUpperCase() : r() < 0.2 ? name + '.' : name;
  if (protocol === 'tls') return { dst, protocol, ...(r() < 0.9 && { sni: spelled }) };
  if (protocol === 'http') {
    const host = r() < 0.1 ? undefined : r() < 0.15 ? `${spelled}:${r() < 0.5 ? port : port + 1}` : spelled;
    // Some requests are WebSocket handshakes, some gRPC calls (answered the gRPC way when denied).
    const kind = r();
    const special =
      kind < 0.15
        ? { method: 'GET', headers: WEBSOCKET_HANDSHAKE }
        : kind < 0.25
          ? { method: 'POST', headers: { 'Content-Type': 'application/grpc' } }
          : null;
    const team: Record<string, string> = r() < 0.5 ? { 'X-Team': pick(r, ['blue', 'green', 'red']) } : {};
    return {
      dst,
      protocol,
      ...(host !== undefined && { host }),
      method: special?.method ?? pick(r, METHODS),
      path: pick(r, PATHS),
      headers: { ...special?.headers, ...team },
    };
  }
  return { dst, protocol };
}
