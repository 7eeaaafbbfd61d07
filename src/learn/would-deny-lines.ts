import { DNS_LABEL, DNS_SUBDOMAIN } from '../mesh/load-objects.js';

/** What a sidecar in audit mode wrote of one would-deny (pipy-templates/runtime/would-deny.hbs), as read back. */
export interface WouldDenyLine {
  /** `namespace/serviceaccount`, where the sidecar knew it. */
  identity: string | null;
  /** `ip:port` or `[ip]:port`, as written. */
  dst: string;
  proto: string;
  reason: string;
  /** The Host header (http) or the SNI (tls) as the client sent it, where there was one. */
  host: string | null;
  sni: string | null;
  method: string | null;
  path: string | null;
}

/** Where pipyc's line starts: its first occurrence (a value from traffic later on the line cannot move it). */
const PIPYC = 'pipyc egress ';
export const WOULD_DENY_MARK = `${PIPYC}would-deny `;
/** The count of lines a sidecar held back (pipy-templates/runtime/bounded-lines.hbs; earlier sidecars wrote it as a would-deny). */
const HELD_BACK = /pipyc egress (would-deny )?held-back=\d+ /y;

/** What readLogLine reads of a line: from pipyc's mark on (what stands before it never matters), or null: not pipyc's. */
export function pipycPart(line: string): string | null {
  const at = line.indexOf(PIPYC);
  return at < 0 ? null : line.slice(at);
}
const KEY = /([a-z]+)=/y;
/** Fields whose values come from traffic: always JSON-quoted by the sidecar. */
const QUOTED = new Set(['host', 'sni', 'method', 'path']);
const BARE = new Set(['dst', 'proto', 'reason', 'identity', 'policy']);
type Field = 'host' | 'sni' | 'method' | 'path' | 'dst' | 'proto' | 'reason' | 'identity' | 'policy';
const WORD = /^[a-z0-9-]+$/;
/** A JSON string with no escape and no control character: its text between the quotes is its value. */
const PLAIN_JSON_STRING = /^"[^"\\\u0000-\u001f]*"$/;

/**
 * One log line: a would-deny line, a held-back count, something else, or a would-deny line that cannot be read (why).
 * Whatever stands before the mark (kubectl's --prefix and --timestamps, Pipy's own time and level) is ignored; what
 * follows is read exactly as the sidecar writes it, or not at all. Pure.
 */
export function readLogLine(
  line: string,
):
  | { kind: 'would-deny'; line: WouldDenyLine }
  | { kind: 'held-back' }
  | { kind: 'other' }
  | { kind: 'unreadable'; why: string } {
  const at = line.indexOf(PIPYC);
  if (at < 0) return { kind: 'other' };
  HELD_BACK.lastIndex = at;
  if (HELD_BACK.test(line)) return { kind: 'held-back' };
  // A deny or allow line is not read, whatever a value on it says.
  if (!line.startsWith(WOULD_DENY_MARK, at)) return { kind: 'other' };
  const rest = line.slice(at + WOULD_DENY_MARK.length, line.endsWith('\r') ? -1 : undefined);
  // Every field named up front: one shape for every line's fields, which V8 reads fastest.
  const fields: Record<Field, string | undefined> = {
    dst: undefined,
    proto: undefined,
    reason: undefined,
    identity: undefined,
    policy: undefined,
    host: undefined,
    sni: undefined,
    method: undefined,
    path: undefined,
  };
  let pos = 0;
  while (pos < rest.length) {
    KEY.lastIndex = pos;
    const key = KEY.exec(rest);
    if (!key)
      return { kind: 'unreadable', why: `expected key=value at column ${at + WOULD_DENY_MARK.length + pos + 1}` };
    const name = key[1]!;
    pos += key[0].length;
    let value: string;
    if (QUOTED.has(name)) {
      const end = quotedEnd(rest, pos);
      if (end < 0) return { kind: 'unreadable', why: `${name}= is not a complete quoted value` };
      const quoted = rest.slice(pos, end);
      if (PLAIN_JSON_STRING.test(quoted)) value = quoted.slice(1, -1);
      else
        try {
          value = JSON.parse(quoted) as string;
        } catch {
          return { kind: 'unreadable', why: `${name}= is not a JSON string` };
        }
      pos = end;
    } else if (BARE.has(name)) {
      const end = rest.indexOf(' ', pos);
      value = rest.slice(pos, end < 0 ? rest.length : end);
      pos = end < 0 ? rest.length : end;
    } else return { kind: 'unreadable', why: `unknown field ${name}=` };
    if (fields[name as Field] !== undefined) return { kind: 'unreadable', why: `${name}= twice` };
    fields[name as Field] = value;
    if (pos < rest.length) {
      if (rest[pos] !== ' ') return { kind: 'unreadable', why: `expected a space after ${name}=` };
      pos++;
    }
  }
  const { dst, proto, reason } = fields;
  if (dst === undefined || proto === undefined || reason === undefined)
    return { kind: 'unreadable', why: 'dst=, proto= and reason= are required' };
  if (!WORD.test(proto) || !WORD.test(reason)) return { kind: 'unreadable', why: 'proto= or reason= is not a word' };
  const identity = fields.identity ?? null;
  if (identity !== null && !isIdentity(identity))
    return { kind: 'unreadable', why: `identity=${JSON.stringify(identity)} is not <namespace>/<serviceaccount>` };
  return {
    kind: 'would-deny',
    line: {
      identity,
      dst,
      proto,
      reason,
      host: fields.host ?? null,
      sni: fields.sni ?? null,
      method: fields.method ?? null,
      path: fields.path ?? null,
    },
  };
}

/** Where the JSON string starting at `pos` ends (just past its closing quote), or -1. */
function quotedEnd(text: string, pos: number): number {
  if (text[pos] !== '"') return -1;
  for (let i = pos + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i + 1;
  }
  return -1;
}

/** Identities already checked: a log names few, on many lines. Bounded. */
const checkedIdentities = new Map<string, boolean>();

function isIdentity(text: string): boolean {
  const known = checkedIdentities.get(text);
  if (known !== undefined) return known;
  const [namespace = '', account = '', ...rest] = text.split('/');
  const valid = rest.length === 0 && DNS_LABEL.test(namespace) && DNS_SUBDOMAIN.test(account);
  if (checkedIdentities.size >= 4096) checkedIdentities.clear();
  checkedIdentities.set(text, valid);
  return valid;
}
