import { domainToASCII } from 'node:url';
import { parseIp } from '../net/ip.js';

/** A normalised entry of a policy's Hosts. */
export type HostPattern =
  | { kind: 'exact'; host: string }
  /** `*.example.com`: one or more labels in front of `suffix`; not the apex itself. */
  | { kind: 'suffix'; suffix: string }
  | { kind: 'any' };

export type HostParse = { kind: 'parsed'; pattern: HostPattern } | { kind: 'invalid'; reason: string; hint?: string };

const LABEL_TEXT = '(?!-)[a-z0-9_-]{1,63}(?<!-)';
const LABEL = new RegExp(`^${LABEL_TEXT}$`);
/** A whole name of such labels: one test for the usual name; only a name that fails it is split to say why. */
const NAME = new RegExp(`^${LABEL_TEXT}(?:\\.${LABEL_TEXT})*$`);
/** Only text of digits and dots, or with ':' or brackets, can be an address. */
const MAYBE_ADDRESS = /^[0-9.]*$|[:[\]]/;

/** Lower case, trailing dot removed, IDN converted to ASCII (punycode); wildcards only as a whole leftmost label. */
export function parseHostPattern(text: string): HostParse {
  if (text === '*') return { kind: 'parsed', pattern: { kind: 'any' } };
  const wildcard = text.startsWith('*.');
  const rest = wildcard ? text.slice(2) : text;
  if (rest.includes('*')) {
    return {
      kind: 'invalid',
      reason: "'*' may only be a whole leftmost label ('*.example.com') or the whole entry ('*')",
    };
  }
  const name = normalizeHostName(rest);
  if (name.kind === 'invalid') return name;
  return {
    kind: 'parsed',
    pattern: wildcard ? { kind: 'suffix', suffix: name.host } : { kind: 'exact', host: name.host },
  };
}

function normalizeHostName(
  text: string,
): { kind: 'parsed'; host: string } | { kind: 'invalid'; reason: string; hint?: string } {
  const trimmed = text.endsWith('.') ? text.slice(0, -1) : text;
  if (trimmed === '') return { kind: 'invalid', reason: 'host name is empty' };
  if (MAYBE_ADDRESS.test(trimmed) && (parseIp(trimmed) || parseIp(trimmed.replace(/^\[|\]$/g, '')))) {
    return { kind: 'invalid', reason: 'an IP address is not a host name', hint: 'put addresses in IPAddresses' };
  }
  if (trimmed.includes(':')) return { kind: 'invalid', reason: 'a host name has no port; ports belong in Ports' };
  const ascii = /^[\x00-\x7f]*$/.test(trimmed) ? trimmed.toLowerCase() : domainToASCII(trimmed);
  if (ascii === '') return { kind: 'invalid', reason: 'not a valid internationalised domain name' };
  if (ascii.length > 253) return { kind: 'invalid', reason: 'host name is longer than 253 characters' };
  if (NAME.test(ascii)) return { kind: 'parsed', host: ascii };
  // NAME is LABEL joined by dots, so some label fails LABEL.
  const bad = ascii.split('.').find((l) => !LABEL.test(l)) ?? ascii;
  return {
    kind: 'invalid',
    reason:
      bad === ''
        ? 'host name has an empty label'
        : `label "${bad}" is not 1-63 letters, digits, '-' or '_' (no leading or trailing '-')`,
  };
}

export function formatHostPattern(p: HostPattern): string {
  return p.kind === 'any' ? '*' : p.kind === 'exact' ? p.host : `*.${p.suffix}`;
}
