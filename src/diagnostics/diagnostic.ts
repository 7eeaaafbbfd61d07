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

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

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
    const first = diagnostics.find((d) => d.severity === 'error') ?? diagnostics[0];
    super(first ? `${first.code}: ${first.message}` : 'pipyc failed');
    this.name = 'PipycError';
    this.diagnostics = diagnostics;
  }
}
