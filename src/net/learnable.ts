import { isLoopback, isUnspecified } from './endpoint.js';
import type { IpAddress } from './ip.js';

/**
 * Whether the DNS proxy may learn an address from an answer. Never: loopback, link-local (169.254.0.0/16,
 * fe80::/10), unspecified, and IPv4-mapped IPv6 (::ffff:0:0/96): an answer pointing there is DNS rebinding into
 * the pod. Mesh addresses are refused too, by the caller that knows MeshCIDRs (they are in-mesh, never egress).
 */
export function isLearnable(ip: IpAddress): boolean {
  if (isLoopback(ip) || isUnspecified(ip)) return false;
  if (ip.family === 4) return Math.floor(ip.value / 65536) !== 0xa9fe;
  const g = ip.groups;
  const mapped = g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff;
  return !((g[0]! & 0xffc0) === 0xfe80 || mapped);
}
