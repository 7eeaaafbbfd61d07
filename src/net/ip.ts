/**
 * IP addresses and CIDRs as pipyc understands them: IPv4 as a 32-bit number, IPv6 as eight 16-bit groups.
 * Pure functions; no DNS, no zones (fe80::1%eth0 is rejected).
 */

export type IpAddress = { family: 4; value: number } | { family: 6; groups: number[] };

export interface Cidr {
  address: IpAddress;
  prefix: number;
}

const IPV4 = /^(0|[1-9][0-9]{0,2})\.(0|[1-9][0-9]{0,2})\.(0|[1-9][0-9]{0,2})\.(0|[1-9][0-9]{0,2})$/;

function parseIpv4(text: string): number | undefined {
  const parts = IPV4.exec(text);
  if (parts === null) return undefined;
  let value = 0;
  for (let i = 1; i <= 4; i++) {
    const n = Number(parts[i]);
    if (n > 255) return undefined;
    value = value * 256 + n;
  }
  return value;
}

function parseIpv6(text: string): number[] | undefined {
  if (!/^[0-9a-fA-F:.]+$/.test(text) || text.length > 45) return undefined;
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groupsOf = (part: string): number[] | undefined => {
    if (part === '') return [];
    const out: number[] = [];
    const pieces = part.split(':');
    for (let i = 0; i < pieces.length; i++) {
      const piece = pieces[i]!;
      if (i === pieces.length - 1 && piece.includes('.')) {
        const v4 = parseIpv4(piece);
        if (v4 === undefined) return undefined;
        out.push(Math.floor(v4 / 65536), v4 % 65536);
      } else {
        if (!/^[0-9a-fA-F]{1,4}$/.test(piece)) return undefined;
        out.push(parseInt(piece, 16));
      }
    }
    return out;
  };
  const head = groupsOf(halves[0]!);
  const tail = halves.length === 2 ? groupsOf(halves[1]!) : [];
  if (!head || !tail) return undefined;
  if (halves.length === 1) return head.length === 8 ? head : undefined;
  const missing = 8 - head.length - tail.length;
  if (missing < 1) return undefined;
  return [...head, ...new Array<number>(missing).fill(0), ...tail];
}

export function parseIp(text: string): IpAddress | undefined {
  const v4 = parseIpv4(text);
  if (v4 !== undefined) return { family: 4, value: v4 };
  const v6 = parseIpv6(text);
  return v6 ? { family: 6, groups: v6 } : undefined;
}

export type CidrParse = { kind: 'parsed'; cidr: Cidr } | { kind: 'invalid'; reason: string; suggestion?: string };

/** Parses `a.b.c.d/n`, `x::y/n`, or a single address (a /32 or /128). Host bits must be zero. */
export function parseCidr(text: string): CidrParse {
  const slash = text.indexOf('/');
  const addrText = slash < 0 ? text : text.slice(0, slash);
  const address = parseIp(addrText);
  if (!address) return { kind: 'invalid', reason: `"${addrText}" is not an IPv4 or IPv6 address` };
  const max = address.family === 4 ? 32 : 128;
  let prefix = max;
  if (slash >= 0) {
    const prefixText = text.slice(slash + 1);
    if (!/^(0|[1-9][0-9]{0,2})$/.test(prefixText) || Number(prefixText) > max) {
      return { kind: 'invalid', reason: `prefix length "${prefixText}" must be a whole number from 0 to ${max}` };
    }
    prefix = Number(prefixText);
  }
  const network = maskAddress(address, prefix);
  if (!sameAddress(network, address)) {
    const suggestion = `${formatIp(network)}/${prefix}`;
    return { kind: 'invalid', reason: `host bits are set after /${prefix}`, suggestion };
  }
  return { kind: 'parsed', cidr: { address, prefix } };
}

export function maskAddress(address: IpAddress, prefix: number): IpAddress {
  if (address.family === 4) return { family: 4, value: maskNumber(address.value, 32, prefix) };
  return {
    family: 6,
    groups: address.groups.map((g, i) => maskNumber(g, 16, Math.max(0, Math.min(16, prefix - i * 16)))),
  };
}

/** Keeps the top `keep` bits of a `bits`-wide number: n - n % 2^(bits-keep), exactly what the generated code does. */
export function maskNumber(n: number, bits: number, keep: number): number {
  return n - (n % 2 ** (bits - keep));
}

function sameAddress(a: IpAddress, b: IpAddress): boolean {
  if (a.family === 4 && b.family === 4) return a.value === b.value;
  if (a.family === 6 && b.family === 6) return a.groups.every((g, i) => g === b.groups[i]);
  return false;
}

export function formatIp(address: IpAddress): string {
  if (address.family === 4) {
    const v = address.value;
    return `${Math.floor(v / 16777216)}.${Math.floor(v / 65536) % 256}.${Math.floor(v / 256) % 256}.${v % 256}`;
  }
  return formatIpv6(address.groups);
}

/** RFC 5952 text form: lower case, longest run of zero groups (length >= 2) compressed. */
function formatIpv6(groups: number[]): string {
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return hex.slice(0, bestStart).join(':') + '::' + hex.slice(bestStart + bestLen).join(':');
}

export function formatCidr(cidr: Cidr): string {
  return `${formatIp(cidr.address)}/${cidr.prefix}`;
}
