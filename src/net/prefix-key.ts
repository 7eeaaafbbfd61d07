import { maskNumber, type Cidr, type IpAddress } from './ip.js';

/**
 * The lookup key of an address under a prefix length. The generated scripts compute the same key at run time
 * (pipy-templates/runtime/address-keys.hbs; test/generate/simulated-sidecar.test.ts holds the two equal); the
 * simulated and real-Pipy differential tests hold those lookups to explain(), and test/net/ip.test.ts holds this
 * function to its covering CIDRs. The '#' sets keys apart from the catch-all '*'.
 *  IPv4: "#<len>/<masked 32-bit number>"            e.g. "#8/167772160" for 10.0.0.0/8
 *  IPv6: "#<len>/<g0>:<g1>:...:<gk>" with the groups that the prefix touches, the last one masked.
 */
export function prefixKey(address: IpAddress, prefix: number): string {
  if (address.family === 4) return `#${prefix}/${maskNumber(address.value, 32, prefix)}`;
  const touched = Math.ceil(prefix / 16);
  const groups = address.groups.slice(0, touched).map((g, i) => maskNumber(g, 16, Math.min(16, prefix - i * 16)));
  return `#${prefix}/${groups.join(':')}`;
}

export function cidrKey(cidr: Cidr): string {
  return prefixKey(cidr.address, cidr.prefix);
}
