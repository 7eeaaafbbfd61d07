import { LineCounter, parseAllDocuments, visit, type Alias, type YAMLError } from 'yaml';
import { error, pointerOf, type Diagnostic } from '../diagnostics/diagnostic.js';
import { makeLocator, positionAt, type Locator } from './locate.js';
import { MAX_INPUT_BYTES, type SpecSource } from './source.js';

export interface ParsedSpec {
  kind: 'parsed';
  source: SpecSource;
  /** Plain JSON-like data; not yet validated. */
  value: unknown;
  locate: Locator;
}

export type ParseResult = ParsedSpec | { kind: 'failed'; diagnostics: Diagnostic[] };

export const MAX_ALIASES = 100;

/**
 * Parses YAML or JSON text. JSON is read strictly (no trailing commas, comments or single quotes) when the name ends
 * in .json or the text looks like JSON, whatever it came from: it opens with '[', or with '{' and a quoted key.
 */
export function parseSpec(source: SpecSource): ParseResult {
  const fail = (d: Diagnostic): ParseResult => ({ kind: 'failed', diagnostics: [d] });
  const text = source.text.charCodeAt(0) === 0xfeff ? source.text.slice(1) : source.text;
  if (Buffer.byteLength(text, 'utf8') > MAX_INPUT_BYTES) {
    return fail(error('PIPYC1006', `input is larger than ${MAX_INPUT_BYTES / 1024 / 1024} MiB`, ''));
  }
  if (text.trim() === '') return fail(error('PIPYC1004', 'input is empty; expected a sidecar spec with a Spec field', ''));
  if (text.includes('\u0000')) {
    return fail(atPosition(error('PIPYC1002', 'input contains a NUL byte: not a text spec', ''), source.name, text, text.indexOf('\u0000')));
  }
  if (/\.json$/i.test(source.name) || /^\s*(\[|\{\s*("|\}))/.test(text)) {
    const jsonError = strictJsonError(source.name, text);
    if (jsonError) return fail(jsonError);
  }
  try {
    const lines = new LineCounter();
    const docs = parseAllDocuments(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: true });
    if (!Array.isArray(docs)) return fail(error('PIPYC1004', 'input holds no document', ''));
    if (docs.length > 1) {
      const second = docs[1]!.range[0];
      return fail(atPosition(error('PIPYC1005', 'input holds more than one YAML document; pass one spec', ''), source.name, text, second));
    }
    const doc = docs[0];
    if (!doc) return fail(error('PIPYC1004', 'input holds no document (only comments?); expected a sidecar spec with a Spec field', ''));
    const problems = [...doc.errors, ...doc.warnings].map((e) => yamlDiagnostic(source.name, e));
    if (problems.length > 0) return { kind: 'failed', diagnostics: problems };
    let unresolved: Alias | undefined;
    visit(doc, { Alias: (_key, node) => void (unresolved ??= node.resolve(doc) ? undefined : node) });
    if (unresolved) {
      const at = unresolved.range?.[0] ?? 0;
      return fail(atPosition(error('PIPYC1002', `alias *${unresolved.source} refers to no anchor defined before it`, ''), source.name, text, at));
    }
    const value: unknown = doc.toJS({ maxAliasCount: MAX_ALIASES });
    const locate = makeLocator(source.name, doc, lines);
    const odd = notPlainData(value, [], Infinity);
    if (odd) {
      const pointer = pointerOf(...odd.path);
      const d = error('PIPYC1002', `${odd.what} (from a YAML tag) at ${pointer || 'the document'} is not JSON data; the spec takes strings, numbers, booleans, lists and maps`, pointer);
      const position = locate(pointer);
      return fail(position ? { ...d, position } : d);
    }
    return { kind: 'parsed', source: { name: source.name, text }, value, locate };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    if (e instanceof RangeError || /Excessive alias count|Maximum call stack/i.test(message)) {
      return fail(error('PIPYC1006', `input is too deeply nested or expands too much (${oneLine(message)})`, ''));
    }
    return fail(error('PIPYC1002', oneLine(message), ''));
  }
}

/** A spec handed over in memory (by a controller): held to the same plain-JSON rule as a file. */
export function parseValue(value: unknown, name = '<spec>'): ParseResult {
  const odd = notPlainData(value, [], MAX_DEPTH);
  if (odd) {
    const pointer = pointerOf(...odd.path);
    return { kind: 'failed', diagnostics: [error('PIPYC1002', `${pointer || 'the document'} is ${odd.what}, which is not JSON data`, pointer, 'a spec holds strings, numbers, booleans, lists and plain objects; leave out a field that has no value')] };
  }
  return { kind: 'parsed', source: { name, text: '' }, value, locate: () => undefined };
}

/** @internal */
export function yamlDiagnostic(file: string, e: YAMLError): Diagnostic {
  const tooDeep = /Maximum call stack/i.test(e.message);
  const code = e.code === 'DUPLICATE_KEY' ? 'PIPYC1003' : tooDeep ? 'PIPYC1006' : 'PIPYC1002';
  const pos = e.linePos?.[0];
  const message = tooDeep ? 'input is too deeply nested' : oneLine(e.message.replace(/ at line \d+, column \d+.*$/s, ''));
  return {
    ...error(code, message),
    ...(pos && { position: { file, line: pos.line, column: pos.col } }),
  };
}

function strictJsonError(file: string, text: string): Diagnostic | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const at = /position (\d+)/.exec(message);
    const offset = at ? Number(at[1]) : text.length;
    const clean = message.replace(/ in JSON at position \d+.*$/s, '').replace(/^JSON\.parse: /, '');
    const before = text.slice(0, offset).trimEnd();
    if (before.endsWith(',') && /^\s*[}\]]/.test(text.slice(offset))) {
      const comma = before.length - 1;
      return atPosition(error('PIPYC1002', 'invalid JSON: a comma before the closing bracket (JSON allows no trailing comma)', '', 'remove the comma'), file, text, comma);
    }
    return atPosition(error('PIPYC1002', `invalid JSON: ${oneLine(clean)}`, ''), file, text, offset);
  }
}

export function atPosition(d: Diagnostic, file: string, text: string, offset: number): Diagnostic {
  return { ...d, position: positionAt(file, text, offset) };
}

export function oneLine(s: string): string {
  const line = s.split('\n')[0] ?? s;
  return line.length > 300 ? line.slice(0, 300) + '…' : line;
}

/** YAML tags can produce values JSON cannot hold (binary, dates, sets); the spec is JSON data only. */
/**
 * Where a value that is not JSON data (a function, a Date, a class instance, a value that contains itself) sits in an
 * in-memory spec, or undefined when it is all null, booleans, numbers, strings, arrays and plain objects. Nothing
 * downstream keeps or changes the caller's objects, so they are checked in place, not copied; the path becomes a
 * pointer only on failure.
 */
export function notPlainData(value: unknown, path: (string | number)[], maxDepth: number): { what: string; path: (string | number)[] } | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return undefined;
  // A spec is a few levels deep; this deep, it is a value that contains itself (or one built to exhaust the stack).
  if (path.length > maxDepth) return { what: `a value nested more than ${MAX_DEPTH} levels deep (or one that contains itself)`, path: path.slice(0, 8) };
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      path.push(i);
      const inner = notPlainData(value[i], path, maxDepth);
      path.pop();
      if (inner) return inner;
    }
    return undefined;
  }
  const proto = typeof value === 'object' ? Object.getPrototypeOf(value) : undefined;
  if (proto !== Object.prototype && proto !== null) return { what: oddValue(value), path: [...path] };
  for (const k of Object.keys(value as object)) {
    path.push(k);
    const inner = notPlainData((value as Record<string, unknown>)[k], path, maxDepth);
    path.pop();
    if (inner) return inner;
  }
  return undefined;
}

/** What a value that is not JSON data is, in words. */
function oddValue(value: unknown): string {
  switch (typeof value) {
    case 'undefined':
      return 'undefined';
    case 'function':
      return 'a function';
    case 'bigint':
      return 'a BigInt (use a number)';
    case 'symbol':
      return 'a symbol';
    default: {
      const name = (value as object).constructor?.name;
      return name ? `${/^[AEIOU]/.test(name) ? 'an' : 'a'} ${name} object` : 'an object that is not plain data';
    }
  }
}

/** How deep an in-memory spec may nest (YAML depth is bounded by its parser). */
const MAX_DEPTH = 64;

