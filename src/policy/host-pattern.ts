import { domainToASCII } from 'node:url';
import { parseIp } from '../net/ip.js';

/** A normalised entry of a policy's Hosts. */
export type HostPattern =
  | { kind: 'exact'; host: string }
  /** `*.example.com`: one or more labels in front of `suffix`; not the apex itself. */
  | { kind: 'suffix'; suffix: string }
  | { kind: 'any' };

export type HostParse = { ok: true; pattern: HostPattern } | { ok: false; reason: string; hint?: string };

const LABEL = /^(?!-)[a-z0-9_-]{1,63}(?<!-)$/;

/** Lower case, trailing dot removed, IDN converted to ASCII (punycode); wildcards only as a whole leftmost label. */
export function parseHostPattern(text: string): HostParse {
  if (text === '*') return { ok: true, pattern: { kind: 'any' } };
  const wildcard = text.startsWith('*.');
  const rest = wildcard ? text.slice(2) : text;
  if (rest.includes('*')) {
    return { ok: false, reason: "'*' may only be a whole leftmost label ('*.example.com') or the whole entry ('*')" };
  }
  const name = normalizeHostName(rest);
  if (!name.ok) return name;
  return { ok: true, pattern: wildcard ? { kind: 'suffix', suffix: name.host } : { kind: 'exact', host: name.host } };
}

export function normalizeHostName(text: string): { ok: true; host: string } | { ok: false; reason: string; hint?: string } {
  const trimmed = text.endsWith('.') ? text.slice(0, -1) : text;
  if (trimmed === '') return { ok: false, reason: 'host name is empty' };
  if (parseIp(trimmed) || parseIp(trimmed.replace(/^\[|\]$/g, ''))) {
    return { ok: false, reason: 'an IP address is not a host name', hint: 'put addresses in IPAddresses' };
  }
  if (trimmed.includes(':')) return { ok: false, reason: 'a host name has no port; ports belong in Ports' };
  const ascii = /^[\x00-\x7f]*$/.test(trimmed) ? trimmed.toLowerCase() : domainToASCII(trimmed);
  if (ascii === '') return { ok: false, reason: 'not a valid internationalised domain name' };
  if (ascii.length > 253) return { ok: false, reason: 'host name is longer than 253 characters' };
  const labels = ascii.split('.');
  const bad = labels.find((l) => !LABEL.test(l));
  if (bad !== undefined) {
    return {
      ok: false,
      reason: bad === '' ? 'host name has an empty label' : `label "${bad}" is not 1-63 letters, digits, '-' or '_' (no leading or trailing '-')`,
    };
  }
  return { ok: true, host: ascii };
}

/** Specificity for crediting: exact names first, then longer wildcard suffixes, then '*'. */
export function hostRank(p: HostPattern): number {
  if (p.kind === 'exact') return 0;
  if (p.kind === 'suffix') return 1000 - p.suffix.split('.').length;
  return 2000;
}

export function matchesHost(p: HostPattern, host: string): boolean {
  if (p.kind === 'any') return true;
  if (p.kind === 'exact') return p.host === host;
  return host.length > p.suffix.length + 1 && host.endsWith('.' + p.suffix);
}

export function formatHostPattern(p: HostPattern): string {
  return p.kind === 'any' ? '*' : p.kind === 'exact' ? p.host : `*.${p.suffix}`;
}
