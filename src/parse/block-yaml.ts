import { pointerSegments, type SourcePosition } from '../diagnostics/diagnostic.js';
import type { Locator } from './locate.js';

/**
 * A fast reader for the YAML that `kubectl get -o yaml` and pipyc's own tools print: block mappings and sequences,
 * one-line plain, quoted and flow scalars, literal block scalars, comments and `---`. On anything else (anchors,
 * tags, folded or multi-line scalars, complex or duplicate keys, tabs, CRLF) it answers undefined and the caller
 * reads the text with the `yaml` library, which also tells what is wrong with it. What it reads, it reads as the
 * `yaml` library does (core schema; test/parse/block-yaml.test.ts holds it to that, value and position): for a mesh of
 * 1,000 identities (4.6 MiB) in about a tenth of the time and memory.
 */

/** A node's place: where it starts, and for a collection where each member's key and value start. */
interface Place {
  at: number;
  keys?: Map<string, { key: number; value: Place }>;
  items?: Place[];
}

export interface BlockYamlDocument {
  value: unknown;
  locate: Locator;
}

/** Thrown where the text leaves the subset; caught once, at the top. */
class NotInSubset extends Error {}
const outside = (): never => {
  throw new NotInSubset();
};

/** Every document of `text` that holds a value, or undefined when the text is not in the subset. */
export function readBlockYaml(file: string, text: string): BlockYamlDocument[] | undefined {
  if (text.includes('\r') || text.includes('\t') || text.charCodeAt(0) === 0xfeff) return undefined;
  try {
    const reader = new Reader(text);
    return reader.documents().map(({ value, place }) => ({ value, locate: locatorOf(file, reader.starts, place) }));
  } catch (e) {
    // Nesting deeper than the stack goes is the library's to report.
    if (e instanceof NotInSubset || e instanceof RangeError) return undefined;
    throw e;
  }
}

const NULLS = new Set(['~', 'null', 'Null', 'NULL', '']);
const TRUES = new Set(['true', 'True', 'TRUE']);
const FALSES = new Set(['false', 'False', 'FALSE']);
// The `yaml` library's core schema (yaml 2.x, schema/core): the plain scalars that are not strings.
const INT = /^[-+]?[0-9]+$/;
const OCT = /^0o[0-7]+$/;
const HEX = /^0x[0-9a-fA-F]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;
const SPECIAL_FLOAT = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;

/** A plain scalar as the core schema resolves it (what the `yaml` library makes of it, and quotes it against). */
export function plainValue(s: string): unknown {
  if (NULLS.has(s)) return null;
  if (TRUES.has(s)) return true;
  if (FALSES.has(s)) return false;
  if (INT.test(s)) return Number.parseInt(s, 10);
  if (FLOAT.test(s)) return Number.parseFloat(s);
  if (OCT.test(s)) return Number.parseInt(s.slice(2), 8);
  if (HEX.test(s)) return Number.parseInt(s.slice(2), 16);
  if (SPECIAL_FLOAT.test(s))
    return s.slice(-3).toLowerCase() === 'nan' ? Number.NaN : s[0] === '-' ? -Infinity : Infinity;
  return s;
}

/** Characters that start something other than a plain scalar (or a collection entry) in block context. */
const INDICATORS = new Set([...'&*!|>\'"%@`#[]{},?:-']);

const DOUBLE_ESCAPES: Record<string, string> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  t: '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
  e: '\x1b',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  N: '\u0085',
  _: '\u00a0',
  L: '\u2028',
  P: '\u2029',
};

class Reader {
  /** Offset of each line's first character; one more entry than lines, at text.length + 1 (the locator's too). */
  readonly starts: number[] = [0];

  constructor(private readonly text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
    if (this.starts[this.starts.length - 1] !== text.length + 1) this.starts.push(text.length + 1);
  }

  private get lines(): number {
    return this.starts.length - 1;
  }

  private lineEnd(line: number): number {
    return this.starts[line + 1]! - 1;
  }

  private indentOf(line: number): number {
    const start = this.starts[line]!;
    let i = start;
    while (this.text.charCodeAt(i) === 32) i++;
    return i - start;
  }

  /** A line with nothing but spaces, or a comment. */
  private isBlank(line: number): boolean {
    const at = this.starts[line]! + this.indentOf(line);
    return at >= this.lineEnd(line) || this.text[at] === '#';
  }

  private isMarker(line: number): boolean {
    const start = this.starts[line]!;
    if (!this.text.startsWith('---', start)) {
      if (this.text.startsWith('...', start)) outside();
      if (this.text[start] === '%') outside();
      return false;
    }
    const after = start + 3;
    if (after >= this.lineEnd(line)) return true;
    if (this.text[after] !== ' ') return false;
    const rest = this.text.slice(after, this.lineEnd(line)).trim();
    return rest === '' || rest.startsWith('#') ? true : outside();
  }

  /** The first line at or after `line` with content (not blank, not a comment), or this.lines. */
  private nextContent(line: number): number {
    while (line < this.lines && this.isBlank(line)) line++;
    return line;
  }

  documents(): { value: unknown; place: Place }[] {
    const out: { value: unknown; place: Place }[] = [];
    let line = 0;
    while (line < this.lines) {
      line = this.nextContent(line);
      if (line >= this.lines) break;
      if (this.isMarker(line)) {
        line++;
        continue;
      }
      if (this.indentOf(line) !== 0) outside();
      const node = this.node(line, 0, -1);
      line = this.nextContent(node.next);
      if (line < this.lines && !this.isMarker(line)) outside();
      if (node.value !== null) out.push({ value: node.value, place: node.place });
    }
    return out;
  }

  /**
   * The node whose first character is at column `col` of `line`, inside a parent indented `parent`: a block mapping
   * or sequence indented `col`, or a one-line scalar or flow collection. `next`: the first line after it.
   */
  private node(line: number, col: number, parent: number): { value: unknown; place: Place; next: number } {
    const at = this.starts[line]! + col;
    const c = this.text[at]!;
    if (c === '?') outside();
    if (c === '-' && this.spaceOrEnd(at + 1, line)) return this.sequence(line, col);
    if (this.keyEnd(line, at) !== undefined) return this.mapping(line, col);
    return this.inline(line, at, parent);
  }

  private spaceOrEnd(at: number, line: number): boolean {
    return at >= this.lineEnd(line) || this.text[at] === ' ';
  }

  private sequence(line: number, col: number): { value: unknown[]; place: Place; next: number } {
    const value: unknown[] = [];
    const items: Place[] = [];
    const place: Place = { at: this.starts[line]! + col, items };
    let first = true;
    for (;;) {
      if (!first) {
        const next = this.nextContent(line);
        if (next >= this.lines || this.isMarker(next) || this.indentOf(next) !== col) return { value, place, next };
        const at = this.starts[next]! + col;
        // Anything else at the sequence's indent ends it: the mapping entry of `key:\n- a\nother: b` goes on.
        if (this.text[at] !== '-' || !this.spaceOrEnd(at + 1, next)) return { value, place, next };
        line = next;
      }
      first = false;
      const dash = this.starts[line]! + col;
      let content = dash + 1;
      while (content < this.lineEnd(line) && this.text[content] === ' ') content++;
      let item: { value: unknown; place: Place; next: number };
      if (content >= this.lineEnd(line) || this.text[content] === '#') item = this.below(line, col, content);
      else item = this.node(line, content - this.starts[line]!, col);
      value.push(item.value);
      items.push(item.place);
      line = item.next;
    }
  }

  /** The value of an entry whose line ends after its indicator: the block node on the lines below, or null. */
  private below(line: number, col: number, end: number, sameIndentSequence = false) {
    const next = this.nextContent(line + 1);
    if (next < this.lines && !this.isMarker(next)) {
      const indent = this.indentOf(next);
      const at = this.starts[next]! + indent;
      if (
        indent > col ||
        (sameIndentSequence && indent === col && this.text[at] === '-' && this.spaceOrEnd(at + 1, next))
      )
        return this.node(next, indent, col);
    }
    return { value: null, place: { at: end }, next: line + 1 };
  }

  /** Where the key of a `key: value` entry starting at `at` ends (its last character + 1), or undefined. */
  private keyEnd(line: number, at: number): number | undefined {
    const end = this.lineEnd(line);
    const c = this.text[at];
    if (c === '"' || c === "'") {
      const close = this.quotedEnd(at, end);
      let i = close;
      while (i < end && this.text[i] === ' ') i++;
      return this.text[i] === ':' && this.spaceOrEnd(i + 1, line) ? close : undefined;
    }
    if (c === '[' || c === '{') return undefined;
    for (let i = at; i < end; i++) {
      const d = this.text[i];
      if (d === ':' && this.spaceOrEnd(i + 1, line)) return i;
      if (d === '#' && this.text[i - 1] === ' ') return undefined;
    }
    return undefined;
  }

  private mapping(line: number, col: number): { value: Record<string, unknown>; place: Place; next: number } {
    const value: Record<string, unknown> = {};
    const keys = new Map<string, { key: number; value: Place }>();
    const place: Place = { at: this.starts[line]! + col, keys };
    let first = true;
    for (;;) {
      if (!first) {
        const next = this.nextContent(line);
        if (next >= this.lines || this.isMarker(next) || this.indentOf(next) < col) return { value, place, next };
        if (this.indentOf(next) > col) outside();
        line = next;
      }
      first = false;
      const keyAt = this.starts[line]! + col;
      const keyEnd = this.keyEnd(line, keyAt);
      if (keyEnd === undefined) {
        // A sequence at the mapping's indent ends it (its parent's entry goes on); anything else is not a key.
        if (this.text[keyAt] === '-' && this.spaceOrEnd(keyAt + 1, line)) return { value, place, next: line };
        outside();
      }
      const key = this.key(keyAt, keyEnd!);
      if (key === '<<' || key === '__proto__' || Object.hasOwn(value, key)) outside();
      let colon = keyEnd!;
      while (this.text[colon] !== ':') colon++;
      let content = colon + 1;
      while (content < this.lineEnd(line) && this.text[content] === ' ') content++;
      const entry =
        content >= this.lineEnd(line) || this.text[content] === '#'
          ? this.below(line, col, colon + 1, true)
          : this.inline(line, content, col);
      value[key] = entry.value;
      keys.set(key, { key: keyAt, value: entry.place });
      line = entry.next;
    }
  }

  private key(at: number, end: number): string {
    // The `yaml` library refuses implicit keys longer than 1024 characters.
    if (end - at > 1024) outside();
    const c = this.text[at]!;
    if (c === '"' || c === "'") return this.quoted(at, end);
    const raw = this.text.slice(at, end).trimEnd();
    if (INDICATORS.has(c) && !(c === '-' && raw.length > 1 && raw[1] !== ' ')) outside();
    const resolved = plainValue(raw);
    return typeof resolved === 'string' ? resolved : outside();
  }

  /** A one-line node starting at offset `at`: a scalar, a literal block scalar, or a flow collection. */
  private inline(line: number, at: number, parent: number): { value: unknown; place: Place; next: number } {
    const end = this.lineEnd(line);
    const c = this.text[at]!;
    let value: unknown;
    let place: Place = { at };
    let after: number;
    if (c === '|') return this.literal(line, at, parent);
    if (c === '"' || c === "'") {
      after = this.quotedEnd(at, end);
      value = this.quoted(at, after);
    } else if (c === '[' || c === '{') {
      const flow = this.flow(at, end);
      value = flow.value;
      place = flow.place;
      after = flow.end;
    } else {
      if (INDICATORS.has(c) && !(c === '-' || c === '?' || c === ':')) outside();
      if ((c === '-' || c === '?' || c === ':') && this.spaceOrEnd(at + 1, line)) outside();
      after = at;
      while (after < end && !(this.text[after] === '#' && this.text[after - 1] === ' ')) after++;
      const raw = this.text.slice(at, after).trimEnd();
      if (raw.includes(': ') || raw.endsWith(':')) outside();
      value = plainValue(raw);
      after = at + raw.length;
    }
    const node = after;
    while (after < end && this.text[after] === ' ') after++;
    // After the node only a comment, which needs a space before its `#`.
    if (after < end && (this.text[after] !== '#' || after === node)) outside();
    // The scalar must not go on over the next lines (a multi-line plain scalar, or a more indented line after it).
    const next = this.nextContent(line + 1);
    if (next < this.lines && !this.isMarker(next) && this.indentOf(next) > parent) outside();
    return { value, place, next: line + 1 };
  }

  /**
   * A literal block scalar (`|`, `|-`, `|+`, indentation detected) whose indicator is at offset `at`. Lines of spaces
   * only, and a scalar with no content line, are left to the `yaml` library.
   */
  private literal(line: number, at: number, parent: number): { value: string; place: Place; next: number } {
    // A document that is one block scalar could hold `---` as content: the library's.
    if (parent < 0) outside();
    const header = this.text.slice(at + 1, this.lineEnd(line));
    const chomp = header[0] === '-' ? 'strip' : header[0] === '+' ? 'keep' : 'clip';
    const rest = chomp === 'clip' ? header : header.slice(1);
    if (rest !== '' && !/^ +(#.*)?$/.test(rest)) outside();
    const lines: string[] = [];
    let indent = -1;
    let next = line + 1;
    for (; next < this.lines; next++) {
      const start = this.starts[next]!;
      const width = this.lineEnd(next) - start;
      if (width === 0) {
        lines.push('');
        continue;
      }
      const spaces = this.indentOf(next);
      if (spaces === width) outside();
      if (indent < 0) {
        if (spaces <= parent) break;
        indent = spaces;
      }
      if (spaces < indent) break;
      lines.push(this.text.slice(start + indent, this.lineEnd(next)));
    }
    if (indent < 0) outside();
    let content = lines.length;
    while (content > 0 && lines[content - 1] === '') content--;
    const body = lines.slice(0, content).join('\n');
    const trailing = lines.length - content;
    const value = chomp === 'strip' ? body : chomp === 'clip' ? `${body}\n` : `${body}\n${'\n'.repeat(trailing)}`;
    return { value, place: { at }, next };
  }

  /** Past the closing quote of the quoted scalar at `at` (on this line), or outside the subset. */
  private quotedEnd(at: number, end: number): number {
    const q = this.text[at];
    for (let i = at + 1; i < end; i++) {
      const c = this.text[i];
      if (q === "'" && c === "'") {
        if (this.text[i + 1] === "'") i++;
        else return i + 1;
      } else if (q === '"') {
        if (c === '\\') i++;
        else if (c === '"') return i + 1;
      }
    }
    return outside();
  }

  private quoted(at: number, end: number): string {
    const inner = this.text.slice(at + 1, end - 1);
    if (this.text[at] === "'") return inner.replaceAll("''", "'");
    if (!inner.includes('\\')) return inner;
    let out = '';
    for (let i = 0; i < inner.length; i++) {
      const c = inner[i]!;
      if (c !== '\\') {
        out += c;
        continue;
      }
      const e = inner[++i]!;
      const hex = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
      if (hex > 0) {
        const digits = inner.slice(i + 1, i + 1 + hex);
        if (!/^[0-9a-fA-F]+$/.test(digits) || digits.length !== hex) outside();
        out += String.fromCodePoint(Number.parseInt(digits, 16));
        i += hex;
      } else if (Object.hasOwn(DOUBLE_ESCAPES, e)) out += DOUBLE_ESCAPES[e];
      else outside();
    }
    return out;
  }

  /** A flow collection on one line, from its opening bracket at `at`. */
  private flow(at: number, end: number): { value: unknown; place: Place; end: number } {
    const open = this.text[at];
    const close = open === '[' ? ']' : '}';
    let i = this.skipSpaces(at + 1, end);
    const items: unknown[] = [];
    const places: Place[] = [];
    const value: Record<string, unknown> = {};
    const keys = new Map<string, { key: number; value: Place }>();
    while (this.text[i] !== close) {
      if (i >= end) outside();
      const first = this.flowNode(i, end);
      i = this.skipSpaces(first.end, end);
      if (open === '[') {
        if (this.text[i] === ':') outside();
        items.push(first.value);
        places.push(first.place);
      } else {
        if (this.text[i] !== ':') outside();
        const key = typeof first.value === 'string' ? first.value : outside();
        if (key === '<<' || key === '__proto__' || Object.hasOwn(value, key)) outside();
        i = this.skipSpaces(i + 1, end);
        const entry =
          this.text[i] === ',' || this.text[i] === '}'
            ? { value: null, place: { at: i }, end: i }
            : this.flowNode(i, end);
        value[key] = entry.value;
        keys.set(key, { key: first.place.at, value: entry.place });
        i = this.skipSpaces(entry.end, end);
      }
      if (this.text[i] === ',') i = this.skipSpaces(i + 1, end);
      else if (this.text[i] !== close) outside();
    }
    return open === '['
      ? { value: items, place: { at, items: places }, end: i + 1 }
      : { value, place: { at, keys }, end: i + 1 };
  }

  private flowNode(at: number, end: number): { value: unknown; place: Place; end: number } {
    const c = this.text[at]!;
    if (c === '[' || c === '{') return this.flow(at, end);
    if (c === '"' || c === "'") {
      const close = this.quotedEnd(at, end);
      return { value: this.quoted(at, close), place: { at }, end: close };
    }
    if ((INDICATORS.has(c) && c !== '-') || (c === '-' && ' ,[]{}'.includes(this.text[at + 1] ?? ' '))) outside();
    let i = at;
    while (
      i < end &&
      !',[]{}#'.includes(this.text[i]!) &&
      !(this.text[i] === ':' && ' ,[]{}'.includes(this.text[i + 1] ?? ' '))
    )
      i++;
    if (this.text[i] === '#' || '[{'.includes(this.text[i]!)) outside();
    const raw = this.text.slice(at, i).trimEnd();
    if (raw === '') outside();
    return { value: plainValue(raw), place: { at }, end: at + raw.length };
  }

  private skipSpaces(i: number, end: number): number {
    while (i < end && this.text[i] === ' ') i++;
    return i;
  }
}

/** The locator makeLocator is for a parsed document, over the places read: the same answers for the same pointer. */
function locatorOf(file: string, lineStarts: readonly number[], root: Place): Locator {
  const position = (offset: number): SourcePosition => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { file, line: lo + 1, column: offset - lineStarts[lo]! + 1 };
  };
  return (pointer, at = 'value') => {
    let node: Place | undefined = root;
    let key: number | undefined;
    let last = root;
    for (const segment of pointerSegments(pointer)) {
      key = undefined;
      if (node.keys) {
        const entry = node.keys.get(segment);
        if (!entry) break;
        key = entry.key;
        node = entry.value;
      } else if (node.items) {
        node = node.items[Number(segment)];
      } else break;
      if (node === undefined) break;
      last = node;
    }
    const target = at === 'key' && key !== undefined ? key : (node?.at ?? key ?? last.at);
    return position(target);
  };
}
