import { hasErrors, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { ParsedSpec } from '../parse/parse-spec.js';
import type { SidecarSpec } from '../spec/types.js';
import { checkSchema } from './schema-validator.js';
import { SEMANTIC_RULES } from './semantic-rules.js';
import { ParsedValues } from '../policy/parsed-values.js';

declare const validBrand: unique symbol;
/** A spec that passed the schema and every semantic rule. Only validateSpec makes one. */
export type ValidSpec = SidecarSpec & { readonly [validBrand]: true };

export type ValidationResult =
  /** `parsed`: the spec's CIDRs, hosts and regular expressions as validation parsed them, for normalize. */
  | { kind: 'valid'; spec: ValidSpec; parsed: ParsedValues; diagnostics: Diagnostic[] }
  | { kind: 'invalid'; diagnostics: Diagnostic[] };

/** Schema first; semantic rules only on a schema-valid document, so they may trust its shape. */
export function validateSpec(parsed: ParsedSpec): ValidationResult {
  const schema = checkSchema(parsed.value);
  if (!schema.ok) return { kind: 'invalid', diagnostics: locate(parsed, schema.diagnostics) };
  const values = new ParsedValues();
  const diagnostics = locate(parsed, SEMANTIC_RULES.flatMap((rule) => rule.check(schema.spec, values)));
  if (hasErrors(diagnostics)) return { kind: 'invalid', diagnostics };
  return { kind: 'valid', spec: schema.spec as ValidSpec, parsed: values, diagnostics };
}

/** Attaches line:column to every diagnostic that has a pointer, and orders them as they appear in the file. */
function locate(parsed: ParsedSpec, diagnostics: Diagnostic[]): Diagnostic[] {
  const located = diagnostics.map((d) => {
    if (d.position || d.pointer === undefined) return d;
    const at = d.code === 'PIPYC2002' || d.code === 'PIPYC2006' ? 'key' : 'value';
    const position = parsed.locate(d.pointer, at);
    return position ? { ...d, position } : d;
  });
  const order = (d: Diagnostic) => (d.position ? d.position.line * 1e6 + d.position.column : Number.MAX_SAFE_INTEGER);
  return located.map((d, i) => ({ d, i })).sort((a, b) => order(a.d) - order(b.d) || a.i - b.i).map(({ d }) => d);
}
