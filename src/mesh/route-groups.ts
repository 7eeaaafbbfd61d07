import type { HttpMatch } from '../sidecar-spec/types.js';
import { isPlainObject } from '../util/plain-object.js';
import type { ObjectReader } from './object-reader.js';
import type { MeshObject, ObjectPath } from './objects.js';

/** One spec field and the object field it was copied from. */
export interface FieldOrigin {
  /** Path inside the spec value being built (e.g. ['Headers', 'user-agent']). */
  at: (string | number)[];
  object: MeshObject;
  from: ObjectPath;
}

export interface ResolvedMatch {
  match: HttpMatch;
  origins: FieldOrigin[];
}

/**
 * An SMI HTTPRouteGroup's `spec.matches[]` as spec Matches: `pathRegex` a regular expression on the path (empty: any
 * path), `methods` (`*` or none: any method), `headers` as a map or as osm-edge writes it, a list of one-key maps.
 */
export function routeGroupMatches(read: ObjectReader): ResolvedMatch[] {
  return read.list(['spec', 'matches'], true).flatMap((entry, i): ResolvedMatch[] => {
    const at = ['spec', 'matches', i];
    if (!isPlainObject(entry)) return (read.error('PIPYC7003', at, `spec.matches[${i}] must be a map`), []);
    const match: HttpMatch = {};
    const origins: FieldOrigin[] = [];
    const path = read.string([...at, 'pathRegex']);
    if (path !== undefined && path !== '') {
      match.Path = path;
      match.PathType = 'RegularExpression';
      origins.push({ at: ['Path'], object: read.object, from: [...at, 'pathRegex'] });
    }
    const methods = read.strings([...at, 'methods']);
    if (methods.length > 0 && !methods.includes('*')) {
      match.Methods = methods;
      methods.forEach((_, k) => origins.push({ at: ['Methods', k], object: read.object, from: [...at, 'methods', k] }));
    }
    const headers = headersOf(read, [...at, 'headers'], origins);
    if (headers) match.Headers = headers;
    return [{ match, origins }];
  });
}

function headersOf(read: ObjectReader, at: ObjectPath, origins: FieldOrigin[]): Record<string, string> | undefined {
  const value = read.get(at);
  if (value === undefined || value === null) return undefined;
  const entries: [string, unknown, ObjectPath][] = [];
  if (Array.isArray(value)) {
    value.forEach((item, k) => {
      const keys = isPlainObject(item) ? Object.keys(item) : [];
      if (keys.length !== 1)
        return read.error(
          'PIPYC7003',
          [...at, k],
          `each entry of headers must be a map with one header name, like "- user-agent: .*curl.*"`,
        );
      entries.push([keys[0]!, (item as Record<string, unknown>)[keys[0]!], [...at, k, keys[0]!]]);
    });
  } else if (isPlainObject(value)) {
    for (const [name, v] of Object.entries(value)) entries.push([name, v, [...at, name]]);
  } else {
    return read.error(
      'PIPYC7003',
      at,
      'headers must be a map of header name to regular expression, or a list of one-key maps',
    );
  }
  const headers: Record<string, string> = {};
  for (const [name, v, from] of entries) {
    if (typeof v !== 'string') {
      read.error('PIPYC7003', from, `header ${JSON.stringify(name)} must map to a regular expression (a string)`);
      continue;
    }
    if (Object.hasOwn(headers, name)) {
      read.error('PIPYC7003', from, `header ${JSON.stringify(name)} is listed twice`);
      continue;
    }
    headers[name] = v;
    origins.push({ at: ['Headers', name], object: read.object, from });
  }
  return Object.keys(headers).length > 0 ? headers : undefined;
}
