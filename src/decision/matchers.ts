import { isLoopback, isUnspecified } from '../net/endpoint.js';
import { maskAddress, type Cidr, type IpAddress } from '../net/ip.js';
import type { HostPattern } from '../validate/host-pattern.js';
import type { HttpMatchRule, NormalizedPolicy } from '../normalize/model.js';

/** Plain, obviously-correct matching used by explain(): a scan over the policies, never used in generated code. */

export function inCidr(ip: IpAddress, cidr: Cidr): boolean {
  if (ip.family !== cidr.address.family) return false;
  return JSON.stringify(maskAddress(ip, cidr.prefix)) === JSON.stringify(cidr.address);
}

/** Lower rank = more specific: the longest matching prefix first, a policy without IPAddresses last. */
export function ipRank(p: NormalizedPolicy, ip: IpAddress): number | undefined {
  if (p.cidrs === null) return 1000;
  const lengths = p.cidrs.filter((c) => inCidr(ip, c)).map((c) => c.prefix);
  return lengths.length === 0 ? undefined : 128 - Math.max(...lengths);
}

/** A missing name (no Host header, no SNI) only matches a policy without Hosts. */
export function policyHostRank(p: NormalizedPolicy, name: string | null): number | undefined {
  if (p.hosts === null) return 3000;
  if (name === null) return undefined;
  const ranks = p.hosts.filter((h) => matchesHost(h, name)).map(hostRank);
  return ranks.length === 0 ? undefined : Math.min(...ranks);
}

/**
 * Whether a destination is the pod itself: loopback, unspecified, or the client's own address (the kernel gives a
 * connection to a local address that address as its source). A loopback source can only reach the pod itself.
 */
export function isPodItself(ip: IpAddress, src: IpAddress | undefined): boolean {
  return (
    isLoopback(ip) ||
    isUnspecified(ip) ||
    (src !== undefined && (isLoopback(src) || JSON.stringify(ip) === JSON.stringify(src)))
  );
}

export function coversPort(p: NormalizedPolicy, port: number, protocols: readonly string[]): boolean {
  return p.ports.some((r) => r.first <= port && port <= r.last && protocols.includes(r.protocol));
}

interface HttpRequestProbe {
  method: string;
  path: string;
  headers: Record<string, string>;
}

export function matchPasses(m: HttpMatchRule, req: HttpRequestProbe): boolean {
  const path = req.path.split('?')[0] ?? '';
  if (m.path) {
    const ok =
      m.path.type === 'exact'
        ? path === m.path.value
        : m.path.type === 'prefix'
          ? path.startsWith(m.path.value)
          : new RegExp(m.path.value).test(path);
    if (!ok) return false;
  }
  if (m.methods && !m.methods.includes(req.method)) return false;
  return m.headers.every(([name, regex]) => {
    const value = req.headers[name];
    return value !== undefined && new RegExp(regex).test(value);
  });
}

/** Specificity for crediting: exact names first, then longer wildcard suffixes, then '*'. */
function hostRank(p: HostPattern): number {
  if (p.kind === 'exact') return 0;
  if (p.kind === 'suffix') return 1000 - p.suffix.split('.').length;
  return 2000;
}

function matchesHost(p: HostPattern, host: string): boolean {
  if (p.kind === 'any') return true;
  if (p.kind === 'exact') return p.host === host;
  return host.length > p.suffix.length + 1 && host.endsWith('.' + p.suffix);
}
