import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { SidecarSpec } from '../spec/types.js';
import type { ParsedValues } from './parsed-values.js';

/** A check the JSON Schema cannot express. The name is its documentation and its test title. */
export interface SemanticRule {
  name: string;
  check(spec: SidecarSpec, parsed: ParsedValues): Diagnostic[];
}
