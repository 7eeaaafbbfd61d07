import { plainValue } from '../parse/block-yaml.js';

/**
 * Objects of plain data as the `yaml` library's `stringify(o, { lineWidth: 0, blockQuote: 'literal' })` writes them,
 * byte for byte, when every string is one it writes plain (unquoted, one line) and no value is written twice; else
 * undefined, and the caller asks the library. For `pipyc learn`'s thousands of Egress objects in a tenth of the time;
 * test/outputs/plain-yaml.test.ts holds it to the library.
 */
export function plainYaml(value: Record<string, unknown>): string | undefined {
  if (Object.keys(value).length === 0) return '{}\n';
  const out: string[] = [];
  return writeMap(value, '', out, new Set()) ? out.join('') : undefined;
}

/** What the library writes plain: its own test (stringifyString.js, plainString), one line, read back as a string. */
const NOT_PLAIN = /^[\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/;
// Control characters and lone surrogates are written double-quoted; a document marker changes the block's indent.
const QUOTED_CHARACTERS = /[\x00-\x08\x0b-\x1f\x7f-\x9f\n\u{D800}-\u{DFFF}]/u;

function scalar(v: unknown): string | undefined {
  if (v === null) return 'null';
  if (v === true || v === false) return String(v);
  if (typeof v === 'number') return Number.isInteger(v) && !Object.is(v, -0) ? JSON.stringify(v) : undefined;
  if (typeof v !== 'string') return undefined;
  if (NOT_PLAIN.test(v) || QUOTED_CHARACTERS.test(v) || /^(---|\.\.\.)/.test(v) || plainValue(v) !== v)
    return undefined;
  return v;
}

const isMap = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;

/** A value after `key:` or `- `: ` x` on the line, or the block below indented `indent`. */
function writeValue(v: unknown, indent: string, out: string[], seen: Set<object>): boolean {
  if (Array.isArray(v) || isMap(v)) {
    if (seen.has(v)) return false;
    seen.add(v);
    const empty = Array.isArray(v) ? v.length === 0 : Object.keys(v).length === 0;
    if (empty) return (void out.push(Array.isArray(v) ? ' []\n' : ' {}\n'), true);
    out.push('\n');
    return Array.isArray(v) ? writeSeq(v, indent, out, seen) : writeMap(v, indent, out, seen);
  }
  const s = scalar(v);
  if (s === undefined) return false;
  out.push(` ${s}\n`);
  return true;
}

function writeMap(map: Record<string, unknown>, indent: string, out: string[], seen: Set<object>): boolean {
  let first = true;
  for (const [key, v] of Object.entries(map)) {
    const k = scalar(key);
    if (k === undefined || v === undefined) return false;
    // The first entry of a map in a sequence follows its `- `.
    out.push(first && out[out.length - 1]?.endsWith('- ') ? `${k}:` : `${indent}${k}:`);
    first = false;
    if (!writeValue(v, `${indent}  `, out, seen)) return false;
  }
  return true;
}

function writeSeq(items: unknown[], indent: string, out: string[], seen: Set<object>): boolean {
  for (const item of items) {
    if (Array.isArray(item) || item === undefined) return false;
    if (isMap(item) && Object.keys(item).length > 0) {
      if (seen.has(item)) return false;
      seen.add(item);
      out.push(`${indent}- `);
      if (!writeMap(item, `${indent}  `, out, seen)) return false;
      continue;
    }
    out.push(`${indent}-`);
    if (!writeValue(item, `${indent}  `, out, seen)) return false;
  }
  return true;
}
