import { failed, type Failed } from '../diagnostics/failed.js';
import { LineCounter, parseAllDocuments, visit, type Alias, type Document, type YAMLError } from 'yaml';
import { error, pointerOf, withPosition, type Diagnostic } from '../diagnostics/diagnostic.js';
import { makeLocator, positionAt, type Locator } from './locate.js';
import { notPlainData } from './plain-data.js';
import type { SpecSource } from './source.js';

/**
 * The one reader of YAML (and JSON) input, for specs (parse-spec.ts) and mesh objects (src/mesh/load-objects.ts):
 * the text checked before any parser sees it, the documents parsed with the same options, each document's data
 * checked the same way, and the parser's failures told the same way.
 */

/** Aliases a document may expand (a billion-laughs document stops here). */
const MAX_ALIASES = 100;

/** A text no parser should see is refused first: too large, or holding NUL (binary). A leading BOM is dropped. */
export function inputText(source: SpecSource, maxBytes: number): { kind: 'text'; text: string } | Failed {
  const text = source.text.charCodeAt(0) === 0xfeff ? source.text.slice(1) : source.text;
  if (Buffer.byteLength(text, 'utf8') > maxBytes)
    return failed([error('PIPYC1006', `${source.name} is larger than ${maxBytes / 1024 / 1024} MiB`, '')]);
  const nul = text.indexOf('\u0000');
  if (nul >= 0)
    return failed([
      atOffset(error('PIPYC1002', `${source.name} contains a NUL byte: it is not text`, ''), source.name, text, nul),
    ]);
  return { kind: 'text', text };
}

interface YamlDocuments {
  documents: Document.Parsed[];
  lines: LineCounter;
}

/** Every document of a text (duplicate keys are errors); a parser that gives up is told as a diagnostic. */
export function yamlDocuments(name: string, text: string): { kind: 'parsed'; parsed: YamlDocuments } | Failed {
  try {
    const lines = new LineCounter();
    const documents = parseAllDocuments(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: true });
    return { kind: 'parsed', parsed: { documents: Array.isArray(documents) ? documents : [], lines } };
  } catch (e) {
    return failed([parserFailure(name, e)]);
  }
}

/**
 * One document's data: its YAML errors and warnings, aliases that refer to no anchor, and values JSON cannot hold
 * (YAML tags make binary, dates, sets) are diagnostics; `maxDepth` bounds how deep the data may nest.
 */
export function documentData(
  name: string,
  text: string,
  doc: Document.Parsed,
  lines: LineCounter,
  maxDepth: number,
): { kind: 'data'; value: unknown; locate: Locator } | Failed {
  const problems = [...doc.errors, ...doc.warnings].map((e) => yamlDiagnostic(name, e));
  if (problems.length > 0) return { kind: 'failed', diagnostics: problems };
  let unresolved: Alias | undefined;
  visit(doc, { Alias: (_key, node) => void (unresolved ??= node.resolve(doc) ? undefined : node) });
  if (unresolved) {
    return {
      kind: 'failed',
      diagnostics: [
        atOffset(
          error('PIPYC1002', `alias *${unresolved.source} refers to no anchor defined before it`, ''),
          name,
          text,
          unresolved.range?.[0] ?? 0,
        ),
      ],
    };
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (e) {
    return { kind: 'failed', diagnostics: [parserFailure(name, e)] };
  }
  const locate = makeLocator(name, doc, lines);
  const odd = notPlainData(value, [], maxDepth);
  if (odd) {
    const pointer = pointerOf(...odd.path);
    const d = odd.tooDeep
      ? error('PIPYC1006', `${pointer || 'the document'} is ${odd.what}`, pointer)
      : error(
          'PIPYC1002',
          `${odd.what} (from a YAML tag) at ${pointer || 'the document'} is not JSON data; pipyc reads strings, numbers, booleans, lists and maps`,
          pointer,
        );
    return { kind: 'failed', diagnostics: [withPosition(d, locate(pointer))] };
  }
  return { kind: 'data', value, locate };
}

/** A parser that threw: too deep or expanding too much (PIPYC1006), or anything else it could not read (PIPYC1002). */
function parserFailure(name: string, e: unknown): Diagnostic {
  const message = e instanceof Error ? e.message : String(e);
  const tooMuch = e instanceof RangeError || /Excessive alias count|Maximum call stack/i.test(message);
  return error(
    tooMuch ? 'PIPYC1006' : 'PIPYC1002',
    `${name}: ${tooMuch ? 'too deeply nested or expands too much: ' : ''}${oneLine(message)}`,
    '',
  );
}

/** @internal */
function yamlDiagnostic(file: string, e: YAMLError): Diagnostic {
  const tooDeep = /Maximum call stack/i.test(e.message);
  const code = e.code === 'DUPLICATE_KEY' ? 'PIPYC1003' : tooDeep ? 'PIPYC1006' : 'PIPYC1002';
  const pos = e.linePos?.[0];
  const message = tooDeep
    ? 'input is too deeply nested'
    : oneLine(e.message.replace(/ at line \d+, column \d+.*$/s, ''));
  return withPosition(error(code, message), pos && { file, line: pos.line, column: pos.col });
}

export function atOffset(d: Diagnostic, file: string, text: string, offset: number): Diagnostic {
  return { ...d, position: positionAt(file, text, offset) };
}

export function oneLine(s: string): string {
  const line = s.split('\n')[0] ?? s;
  return line.length > 300 ? line.slice(0, 300) + '…' : line;
}
