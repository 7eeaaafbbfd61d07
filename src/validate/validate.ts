import { hasErrors, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { ParsedSpec } from '../parse/parse-spec.js';
import type { SidecarSpec } from '../sidecar-spec/types.js';
import { checkSchema } from './schema-validator.js';
import { SEMANTIC_RULES } from './semantic-rules.js';
import { ParsedValues } from './parsed-values.js';
import type { ProtocolChecks } from './semantic-rule.js';
import { isPlainObject } from '../util/plain-object.js';

declare const validBrand: unique symbol;
/** A spec that passed the schema and every semantic rule. Only validateSpec makes one. */
export type ValidSpec = SidecarSpec & { readonly [validBrand]: true };

export type ValidationResult =
  /** `parsed`: the spec's CIDRs, hosts and regular expressions as validation parsed them, for normalize. */
  | { kind: 'valid'; spec: ValidSpec; parsed: ParsedValues; diagnostics: Diagnostic[] }
  | { kind: 'invalid'; diagnostics: Diagnostic[] };

/**
 * Schema first; the semantic rules run on what passed it, so they may trust its shape. With schema errors, they still
 * run on every policy and field the schema found nothing wrong with, so every problem is reported at once.
 */
export function validateSpec(parsed: ParsedSpec, protocols: ProtocolChecks): ValidationResult {
  const schema = checkSchema(parsed.value);
  if (schema.kind === 'invalid') return { kind: 'invalid', diagnostics: locate(parsed, [...schema.diagnostics, ...rulesOnValidParts(parsed.value, schema.diagnostics, protocols)]) };
  const values = new ParsedValues();
  const diagnostics = locate(parsed, runRules(schema.spec, values, protocols));
  if (hasErrors(diagnostics)) return { kind: 'invalid', diagnostics };
  return { kind: 'valid', spec: schema.spec as ValidSpec, parsed: values, diagnostics };
}

/**
 * The semantic rules over the parts of a schema-invalid document that no schema diagnostic points into: the policies
 * without one (renumbered back in the results) and the Traffic fields the rules read.
 */
function rulesOnValidParts(value: unknown, schemaProblems: readonly Diagnostic[], protocols: ProtocolChecks): Diagnostic[] {
  if (!isPlainObject(value)) return [];
  const broken = schemaProblems.map((d) => d.pointer ?? '');
  const clean = (pointer: string) => !broken.some((p) => p === '' || p === pointer || p.startsWith(pointer + '/') || pointer.startsWith(p + '/'));
  const traffic = isPlainObject(value.Spec) && isPlainObject(value.Spec.Traffic) ? value.Spec.Traffic : {};
  const kept = (Array.isArray(value.EgressPolicies) ? value.EgressPolicies : []).map((p, i) => ({ p, i })).filter(({ i }) => clean(`/EgressPolicies/${i}`));
  const spec = {
    Spec: {
      Traffic: {
        ...(clean('/Spec/Traffic/MeshCIDRs') && Array.isArray(traffic.MeshCIDRs) && { MeshCIDRs: traffic.MeshCIDRs }),
        ...(clean('/Spec/Traffic/EnableEgress') && typeof traffic.EnableEgress === 'boolean' && { EnableEgress: traffic.EnableEgress }),
      },
    },
    EgressPolicies: kept.map(({ p }) => p),
  } as SidecarSpec;
  const renumber = (text: string) => text.replace(/\/EgressPolicies\/(\d+)/g, (_m, k: string) => `/EgressPolicies/${kept[Number(k)]?.i ?? k}`);
  const values = new ParsedValues();
  return runRules(spec, values, protocols).map((d) => ({
    ...d,
    message: renumber(d.message),
    ...(d.pointer !== undefined && { pointer: renumber(d.pointer) }),
  }));
}

/** The spec's own rules, then each protocol's. */
function runRules(spec: SidecarSpec, values: ParsedValues, protocols: ProtocolChecks): Diagnostic[] {
  return [...SEMANTIC_RULES, ...protocols.rules].flatMap((rule) => rule.check(spec, values, protocols.context));
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
