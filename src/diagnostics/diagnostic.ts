import type { DiagnosticCode } from './codes.js';

export type Severity = 'error' | 'warning';

/** A 1-based line and column in a named file. */
export interface SourcePosition {
  file: string;
  line: number;
  column: number;
}

/** Diagnostics are data; they are rendered to text only at the edge (CLI). */
export interface Diagnostic {
  code: DiagnosticCode;
  severity: Severity;
  message: string;
  /** JSON pointer into the spec (RFC 6901), '' for the whole document. */
  pointer?: string;
  position?: SourcePosition;
  hint?: string;
}

export function error(code: DiagnosticCode, message: string, pointer?: string, hint?: string): Diagnostic {
  return { code, severity: 'error', message, ...(pointer !== undefined && { pointer }), ...(hint && { hint }) };
}

export function warning(code: DiagnosticCode, message: string, pointer?: string, hint?: string): Diagnostic {
  return { code, severity: 'warning', message, ...(pointer !== undefined && { pointer }), ...(hint && { hint }) };
}

/** The diagnostic told at `position`, or as it is when there is none. */
export function withPosition(d: Diagnostic, position: SourcePosition | undefined): Diagnostic {
  return position ? { ...d, position } : d;
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** The same problem reached twice (a route group used by several Egress objects) is reported once. */
export function uniqueDiagnostics(list: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return list.filter((d) => {
    const key = `${d.code}|${d.message}|${d.pointer}|${d.position?.file}:${d.position?.line}:${d.position?.column}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
}

/**
 * How a message names a place in the spec: by its pointer, unless the spec was resolved from other objects (then by
 * the field it came from: src/mesh/resolve-identity.ts).
 */
export type FieldNamer = (pointer: string) => string;

export const pointerName: FieldNamer = (pointer) => (pointer === '' ? 'the document' : pointer);

/** RFC 6901 pointer from path segments. */
export function pointerOf(...segments: (string | number)[]): string {
  return segments.map((s) => '/' + String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

export function pointerSegments(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Thrown by library entry points that cannot return diagnostics as a value. */
export class PipycError extends Error {
  readonly diagnostics: readonly Diagnostic[];
  constructor(diagnostics: readonly Diagnostic[]) {
    super(summary(diagnostics));
    this.name = 'PipycError';
    this.diagnostics = diagnostics;
  }
}

/** The message of a PipycError: how many problems, then the first few errors (then warnings), each with where. */
function summary(diagnostics: readonly Diagnostic[]): string {
  if (diagnostics.length === 0) return 'pipyc failed';
  const ordered = [
    ...diagnostics.filter((d) => d.severity === 'error'),
    ...diagnostics.filter((d) => d.severity !== 'error'),
  ];
  const shown = ordered.slice(0, 3).map((d) => `${d.code}: ${d.message}${d.pointer ? ` [${d.pointer}]` : ''}`);
  const more = ordered.length > shown.length ? `; and ${ordered.length - shown.length} more` : '';
  const head = ordered.length === 1 ? '' : `${ordered.length} problems: `;
  return head + shown.join('; ') + more;
}
