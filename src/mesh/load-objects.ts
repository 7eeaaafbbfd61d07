import {
  error,
  pointerOf,
  warning,
  withPosition,
  type Diagnostic,
  type SourcePosition,
} from '../diagnostics/diagnostic.js';
import { jsonLocator } from '../parse/json-locate.js';
import { MAX_DEPTH, notPlainData } from '../parse/plain-data.js';
import { readBlockYaml } from '../parse/block-yaml.js';
import { documentData, inputText, yamlDocuments } from '../parse/yaml-input.js';
import type { SpecSource } from '../parse/source.js';
import { isPlainObject } from '../util/plain-object.js';
import {
  flavourOf,
  KNOWN_KINDS,
  objectKey,
  objectLabel,
  UNSUPPORTED_EGRESS_KINDS,
  type KnownKind,
  type LoadedObjects,
  type MeshObject,
  type ObjectPath,
} from './objects.js';

/** A mesh's objects can be large (`kubectl get -A -o yaml`); each input is still bounded. */
export const MAX_OBJECTS_BYTES = 64 * 1024 * 1024;

/**
 * Reads Kubernetes objects from YAML (any number of documents) or JSON texts, unwrapping `kind: List`. Objects of the
 * kinds pipyc reads are checked for apiVersion and metadata; others are counted and skipped. Pure: texts in, data out.
 */
export function loadObjects(sources: readonly SpecSource[]): LoadedObjects & { diagnostics: Diagnostic[] } {
  const objects: MeshObject[] = [];
  const skipped: Record<string, number> = {};
  const diagnostics: Diagnostic[] = [];
  const seen = new Map<string, MeshObject>();
  for (const source of sources) {
    for (const found of documentsOf(source, diagnostics)) {
      const object = checkObject(found, diagnostics, skipped);
      if (!object) continue;
      const key = objectKey(object.ref);
      const first = seen.get(key);
      if (first) {
        const at = first.locate([]);
        diagnostics.push(
          withPosition(
            error(
              'PIPYC7004',
              `${objectLabel(object.ref)}: defined twice${at ? ` (first at ${at.file}:${at.line}:${at.column})` : ''}`,
              pointerOf(...found.base),
              'keep one definition of each object',
            ),
            object.locate([]),
          ),
        );
        continue;
      }
      seen.set(key, object);
      objects.push(object);
    }
  }
  return { objects, skipped, diagnostics };
}

interface FoundObject {
  value: unknown;
  /** Path of the object inside its document ([] or ['items', i]). */
  base: (string | number)[];
  locate: (path: ObjectPath) => ReturnType<MeshObject['locate']>;
}

function documentsOf(source: SpecSource, diagnostics: Diagnostic[]): FoundObject[] {
  const input = inputText(source, MAX_OBJECTS_BYTES);
  if (input.kind === 'failed') return (diagnostics.push(...input.diagnostics), []);
  const { text } = input;
  const found: FoundObject[] = [];
  const add = (value: unknown, locator: (pointer: string) => SourcePosition | undefined) => {
    const at = (base: (string | number)[]) => (path: ObjectPath) => locator(pointerOf(...base, ...path));
    if (isList(value))
      value.items.forEach((item, i) => found.push({ value: item, base: ['items', i], locate: at(['items', i]) }));
    else found.push({ value, base: [], locate: at([]) });
  };
  // `kubectl get -o json` output: JSON.parse is ~30x faster than the YAML parser; positions are found in the text
  // only if a message needs one.
  const json = /^\s*[[{]/.test(text) ? parseJson(text) : undefined;
  if (json !== undefined) {
    add(json, jsonLocator(source.name, text));
    return found;
  }
  // `kubectl get -o yaml` output: the block YAML reader is ~10x faster than the YAML library and reads it the same
  // (src/parse/block-yaml.ts); anything outside what it reads, and anything wrong, is the library's to read and tell.
  const block = readBlockYaml(source.name, text);
  if (block?.every((d) => notPlainData(d.value, [], MAX_DEPTH) === undefined)) {
    for (const d of block) add(d.value, d.locate);
    return found;
  }
  const read = yamlDocuments(source.name, text);
  if (read.kind === 'failed') return (diagnostics.push(...read.diagnostics), []);
  const { documents, lines } = read.parsed;
  for (const doc of documents) {
    if (doc.contents === null) continue; // an empty document ('---' alone, or only comments)
    const data = documentData(source.name, text, doc, lines, MAX_DEPTH);
    if (data.kind === 'failed') diagnostics.push(...data.diagnostics);
    else if (data.value !== null && data.value !== undefined) add(data.value, data.locate);
  }
  return found;
}

/** Plain JSON data, or undefined when the text is not one JSON value (then the YAML path reports where). */
function parseJson(text: string): unknown {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && notPlainData(value, [], MAX_DEPTH) === undefined
      ? value
      : undefined;
  } catch {
    return undefined;
  }
}

/** `kubectl get ... -o yaml` prints several objects as `kind: List` (or `<Kind>List`) with `items`. */
function isList(value: unknown): value is { items: unknown[] } {
  if (!isPlainObject(value) || !Array.isArray(value.items)) return false;
  return typeof value.kind === 'string' && value.kind.endsWith('List');
}

function checkObject(
  found: FoundObject,
  diagnostics: Diagnostic[],
  skipped: Record<string, number>,
): MeshObject | undefined {
  const { value } = found;
  const pointer = pointerOf(...found.base);
  /** Records why the value is not an object pipyc can read; the caller skips it. */
  const reject = (message: string, path: ObjectPath, hint?: string) => {
    diagnostics.push(
      withPosition(error('PIPYC7001', message, pointerOf(...found.base, ...path), hint), found.locate(path)),
    );
    return undefined;
  };
  if (!isPlainObject(value))
    return reject(
      `expected a Kubernetes object (a map with apiVersion, kind and metadata) at ${pointer || 'the document'}`,
      [],
    );
  if (typeof value.kind !== 'string' || value.kind === '') return reject('object has no kind', ['kind']);
  if (typeof value.apiVersion !== 'string' || value.apiVersion === '')
    return reject(`${value.kind} object has no apiVersion`, ['apiVersion']);
  const kind = value.kind;
  if (!(kind in KNOWN_KINDS)) {
    skipped[kind] = (skipped[kind] ?? 0) + 1;
    const unsupported = UNSUPPORTED_EGRESS_KINDS[kind];
    if (unsupported && flavourOf(value.apiVersion) !== undefined) {
      diagnostics.push(
        withPosition(
          warning('PIPYC7008', `${kind} ${metadataLabel(value)}: ${unsupported}`, pointer),
          found.locate([]),
        ),
      );
    }
    return undefined;
  }
  const known = kind as KnownKind;
  const versions: readonly string[] = KNOWN_KINDS[known];
  if (!versions.includes(value.apiVersion)) {
    diagnostics.push(
      withPosition(
        error(
          'PIPYC7002',
          `${kind} ${metadataLabel(value)}: apiVersion ${JSON.stringify(value.apiVersion)} is not one pipyc reads`,
          pointerOf(...found.base, 'apiVersion'),
          `use ${versions.join(' or ')}`,
        ),
        found.locate(['apiVersion']),
      ),
    );
    return undefined;
  }
  const metadata = value.metadata;
  if (!isPlainObject(metadata)) return reject(`${kind} object has no metadata`, ['metadata']);
  if (typeof metadata.name !== 'string' || !DNS_SUBDOMAIN.test(metadata.name)) {
    return reject(
      `${kind} object: metadata.name must be a Kubernetes name (lower-case letters, digits, '-' and '.'), not ${JSON.stringify(metadata.name ?? null)}`,
      ['metadata', 'name'],
    );
  }
  // A Namespace is cluster-scoped: it is its own namespace.
  const namespace = known === 'Namespace' ? metadata.name : metadata.namespace;
  if (typeof namespace !== 'string' || !DNS_LABEL.test(namespace)) {
    return reject(
      `${kind} ${metadata.name}: metadata.namespace must name the object's namespace, not ${JSON.stringify(metadata.namespace ?? null)}`,
      ['metadata', 'namespace'],
      'write the namespace into the object (kubectl get -o yaml prints it)',
    );
  }
  const rv = metadata.resourceVersion;
  return {
    ref: {
      kind: known,
      namespace,
      name: metadata.name,
      ...(typeof rv === 'string' && rv !== '' && { resourceVersion: rv }),
    },
    apiVersion: value.apiVersion,
    value,
    locate: found.locate,
  };
}

function metadataLabel(value: Record<string, unknown>): string {
  const metadata = isPlainObject(value.metadata) ? value.metadata : {};
  return `${typeof metadata.namespace === 'string' ? metadata.namespace : '?'}/${typeof metadata.name === 'string' ? metadata.name : '?'}`;
}

export const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
export const DNS_SUBDOMAIN = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
