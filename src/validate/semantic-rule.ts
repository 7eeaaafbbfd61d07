import type { Diagnostic, FieldNamer } from '../diagnostics/diagnostic.js';
import type { PolicyProtocol, SidecarSpec } from '../sidecar-spec/types.js';
import type { ParsedValues } from './parsed-values.js';

/** A check the JSON Schema cannot express. The name is its documentation and its test title. */
export interface SemanticRule {
  name: string;
  check(spec: SidecarSpec, parsed: ParsedValues, context: RuleContext): Diagnostic[];
}

/** What rules may know of the protocols (from src/protocols/registry.ts; compile() hands it in). */
interface ProtocolContext {
  /** Policy protocols decided on the client's first bytes: a server-first port cannot be one of them. */
  sniffed: ReadonlySet<PolicyProtocol>;
}

/** What every rule sees besides the spec: the protocols, and how its messages name a place in the spec. */
export interface RuleContext extends ProtocolContext {
  name: FieldNamer;
}

/** What the protocols add to validation (src/protocols/registry.ts): their rules, and the context all rules see. */
export interface ProtocolChecks {
  rules: readonly SemanticRule[];
  context: ProtocolContext;
}
