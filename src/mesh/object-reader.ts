import { error, pointerOf, warning, withPosition, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { DiagnosticCode } from '../diagnostics/codes.js';
import { describeValue } from '../util/describe-value.js';
import { isPlainObject } from '../util/plain-object.js';
import { objectLabel, type MeshObject, type ObjectPath } from './objects.js';

/**
 * Typed reads of one object's fields. Every problem becomes a diagnostic that names the object
 * (`Egress curl/httpbin-80: ...`), carries the field's pointer inside the object and its file:line:column.
 */
export class ObjectReader {
  readonly label: string;
  constructor(
    readonly object: MeshObject,
    readonly diagnostics: Diagnostic[],
  ) {
    this.label = objectLabel(object.ref);
  }

  /** A reader of another object that reports into the same list. */
  other(object: MeshObject): ObjectReader {
    return new ObjectReader(object, this.diagnostics);
  }

  get(path: ObjectPath): unknown {
    let node: unknown = this.object.value;
    for (const segment of path) {
      if (node === null || typeof node !== 'object') return undefined;
      node = (node as Record<string | number, unknown>)[segment];
    }
    return node;
  }

  error(code: DiagnosticCode, path: ObjectPath, message: string, hint?: string): undefined {
    this.diagnostics.push(
      withPosition(error(code, `${this.label}: ${message}`, pointerOf(...path), hint), this.object.locate(path)),
    );
    return undefined;
  }

  warn(code: DiagnosticCode, path: ObjectPath, message: string, hint?: string): void {
    this.diagnostics.push(
      withPosition(warning(code, `${this.label}: ${message}`, pointerOf(...path), hint), this.object.locate(path)),
    );
  }

  string(path: ObjectPath, required = false): string | undefined {
    const value = this.get(path);
    if (value === undefined || value === null)
      return required ? this.error('PIPYC7003', path, `${dotted(path)} is required`) : undefined;
    if (typeof value !== 'string')
      return this.error('PIPYC7003', path, `${dotted(path)} must be a string, not ${describe(value)}`);
    return value;
  }

  boolean(path: ObjectPath): boolean | undefined {
    const value = this.get(path);
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'boolean')
      return this.error('PIPYC7003', path, `${dotted(path)} must be true or false, not ${describe(value)}`);
    return value;
  }

  integer(path: ObjectPath, min: number, max: number, required = false): number | undefined {
    const value = this.get(path);
    if (value === undefined || value === null)
      return required ? this.error('PIPYC7003', path, `${dotted(path)} is required`) : undefined;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      return this.error(
        'PIPYC7003',
        path,
        `${dotted(path)} must be a whole number from ${min} to ${max}, not ${describe(value)}`,
      );
    }
    return value;
  }

  /** A list; absent or null reads as empty. */
  list(path: ObjectPath, required = false): unknown[] {
    const value = this.get(path);
    if (value === undefined || value === null) {
      if (required) this.error('PIPYC7003', path, `${dotted(path)} is required and must list at least one entry`);
      return [];
    }
    if (!Array.isArray(value)) {
      this.error('PIPYC7003', path, `${dotted(path)} must be a list, not ${describe(value)}`);
      return [];
    }
    if (required && value.length === 0) this.error('PIPYC7003', path, `${dotted(path)} must list at least one entry`);
    return value;
  }

  map(path: ObjectPath): Record<string, unknown> | undefined {
    const value = this.get(path);
    if (value === undefined || value === null) return undefined;
    if (!isPlainObject(value))
      return this.error('PIPYC7003', path, `${dotted(path)} must be a map, not ${describe(value)}`);
    return value;
  }

  strings(path: ObjectPath): string[] {
    return this.list(path).flatMap((_, i) => this.string([...path, i], true) ?? []);
  }
}

/** `spec.ports[0].protocol` */
export function dotted(path: ObjectPath): string {
  return path.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}

/** Kubernetes objects are YAML: lists and maps. */
function describe(value: unknown): string {
  return describeValue(value, { list: 'a list', map: 'a map' });
}
