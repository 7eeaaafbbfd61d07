import { failed, type Failed } from '../diagnostics/failed.js';
import { error, pointerName, pointerOf, type Diagnostic, type FieldNamer } from '../diagnostics/diagnostic.js';
import type { Locator } from './locate.js';
import { MAX_DEPTH, notPlainData } from './plain-data.js';
import { MAX_INPUT_BYTES, type SpecSource } from './source.js';
import { atOffset, documentData, inputText, oneLine, yamlDocuments } from './yaml-input.js';

export interface ParsedSpec {
  kind: 'parsed';
  source: SpecSource;
  /** Plain JSON-like data; not yet validated. */
  value: unknown;
  locate: Locator;
  /** How messages name a place in it. */
  name: FieldNamer;
}

export type ParseResult = ParsedSpec | Failed;

/** What to tell someone who gave osm-edge's Kubernetes objects where a sidecar spec goes. */
export const KUBERNETES_OBJECTS_HINT =
  'Kubernetes objects are not a sidecar spec: give them with -f (pipyc resolve -f <file> --identity <ns>/<sa>, or compile -f ...)';

/**
 * Parses YAML or JSON text. JSON is read strictly (no trailing commas, comments or single quotes) when the name ends
 * in .json or the text looks like JSON, whatever it came from: it opens with '[', or with '{' and a quoted key.
 */
export function parseSpec(source: SpecSource): ParseResult {
  const refuse = (...diagnostics: Diagnostic[]): ParseResult => failed(diagnostics);
  const input = inputText(source, MAX_INPUT_BYTES);
  if (input.kind === 'failed') return input;
  const { text } = input;
  if (text.trim() === '')
    return refuse(error('PIPYC1004', 'input is empty; expected a sidecar spec with a Spec field', ''));
  if (/\.json$/i.test(source.name) || /^\s*(\[|\{\s*("|\}))/.test(text)) {
    const jsonError = strictJsonError(source.name, text);
    if (jsonError) return refuse(jsonError);
  }
  const read = yamlDocuments(source.name, text);
  if (read.kind === 'failed') return read;
  const { documents, lines } = read.parsed;
  if (documents.length > 1) {
    const kubernetes = documents.some((d) => d.has('apiVersion') && d.has('kind'));
    return refuse(
      atOffset(
        error(
          'PIPYC1005',
          'input holds more than one YAML document; pass one spec',
          '',
          kubernetes ? KUBERNETES_OBJECTS_HINT : undefined,
        ),
        source.name,
        text,
        documents[1]!.range[0],
      ),
    );
  }
  const doc = documents[0];
  if (!doc)
    return refuse(
      error('PIPYC1004', 'input holds no document (only comments?); expected a sidecar spec with a Spec field', ''),
    );
  const data = documentData(source.name, text, doc, lines, MAX_DEPTH);
  if (data.kind === 'failed') return refuse(...data.diagnostics);
  return {
    kind: 'parsed',
    source: { name: source.name, text },
    value: data.value,
    locate: data.locate,
    name: pointerName,
  };
}

/**
 * A spec handed over in memory (by a controller): held to the same plain-JSON rule as a file. `fieldName`: how messages
 * name its places, when the spec was made from other objects.
 */
export function parseValue(value: unknown, name = '<spec>', fieldName: FieldNamer = pointerName): ParseResult {
  const odd = notPlainData(value, [], MAX_DEPTH);
  if (odd) {
    const pointer = pointerOf(...odd.path);
    return failed([
      error(
        odd.tooDeep ? 'PIPYC1006' : 'PIPYC1002',
        `${pointer || 'the document'} is ${odd.what}, which is not JSON data`,
        pointer,
        'a spec holds strings, numbers, booleans, lists and plain objects; leave out a field that has no value',
      ),
    ]);
  }
  return { kind: 'parsed', source: { name, text: '' }, value, locate: () => undefined, name: fieldName };
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
      return atOffset(
        error(
          'PIPYC1002',
          'invalid JSON: a comma before the closing bracket (JSON allows no trailing comma)',
          '',
          'remove the comma',
        ),
        file,
        text,
        comma,
      );
    }
    return atOffset(error('PIPYC1002', `invalid JSON: ${oneLine(clean)}`, ''), file, text, offset);
  }
}
