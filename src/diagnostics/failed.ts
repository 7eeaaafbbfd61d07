import type { Diagnostic } from './diagnostic.js';

/** The one way a stage or entry point says it could not do its work: every problem, as data. */
export interface Failed {
  kind: 'failed';
  diagnostics: Diagnostic[];
}

export function failed(diagnostics: readonly Diagnostic[]): Failed {
  return { kind: 'failed', diagnostics: [...diagnostics] };
}
