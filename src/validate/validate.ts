import { hasErrors, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { ParsedSpec } from '../parse/parse-spec.js';
import type { SidecarSpec } from '../sidecar-spec/types.js';
import { checkSchema } from './schema-validator.js';
import { SEMANTIC_RULES } from './semantic-rules.js';
import { ParsedValues } from './parsed-values.js';
import type { ProtocolChecks, RuleContext } from './semantic-rule.js';
import { isPlainObject } from '../util/plain-object.js';
import { flatMapped } from '../util/flat-mapped.js';

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
  const schema = checkSchema(parsed.value, parsed.name);
  if (schema.kind === 'invalid')
    return {
      kind: 'invalid',
      diagnostics: locate(parsed, [...schema.diagnostics, ...rulesOnValidParts(parsed, schema.diagnostics, protocols)]),
    };
  const values = new ParsedValues();
  const diagnostics = locate(
    parsed,
    runRules(schema.spec, values, { ...protocols.context, name: parsed.name }, protocols),
  );
  if (hasErrors(diagnostics)) return { kind: 'invalid', diagnostics };
  return { kind: 'valid', spec: schema.spec as ValidSpec, parsed: values, diagnostics };
}

/**
 * The semantic rules over the parts of a schema-invalid document that no schema diagnostic points into: the policies
 * without one and the Traffic fields the rules read. The rules see the clean policies renumbered from 0; their
 * pointers (and the places their messages name) are mapped back to the document's numbers.
 */
function rulesOnValidParts(
  parsed: ParsedSpec,
  schemaProblems: readonly Diagnostic[],
  protocols: ProtocolChecks,
): Diagnostic[] {
  const value = parsed.value;
  if (!isPlainObject(value)) return [];
  // A missing Spec breaks nothing else (its fields have defaults): the rules still run on the policies.
  const broken = schemaProblems.map((d) =>
    d.code === 'PIPYC2003' && (d.pointer ?? '') === '' ? '/Spec' : (d.pointer ?? ''),
  );
  const clean = (pointer: string) =>
    !broken.some((p) => p === '' || p === pointer || p.startsWith(pointer + '/') || pointer.startsWith(p + '/'));
  const traffic = isPlainObject(value.Spec) && isPlainObject(value.Spec.Traffic) ? value.Spec.Traffic : {};
  const kept = (Array.isArray(value.EgressPolicies) ? value.EgressPolicies : [])
    .map((p, i) => ({ p, i }))
    .filter(({ i }) => clean(`/EgressPolicies/${i}`));
  const spec = {
    Spec: {
      Traffic: {
        ...(clean('/Spec/Traffic/MeshCIDRs') && Array.isArray(traffic.MeshCIDRs) && { MeshCIDRs: traffic.MeshCIDRs }),
        ...(clean('/Spec/Traffic/EnableEgress') &&
          typeof traffic.EnableEgress === 'boolean' && { EnableEgress: traffic.EnableEgress }),
        ...(clean('/Spec/Traffic/DNS') &&
          isPlainObject(traffic.DNS) &&
          typeof traffic.DNS.Upstream === 'string' && { DNS: traffic.DNS }),
      },
    },
    EgressPolicies: kept.map(({ p }) => p),
  } as SidecarSpec;
  const inDocument = (pointer: string) =>
    pointer.replace(/^\/EgressPolicies\/(\d+)/, (_m, k: string) => `/EgressPolicies/${kept[Number(k)]?.i ?? k}`);
  const context = { ...protocols.context, name: (pointer: string) => parsed.name(inDocument(pointer)) };
  return runRules(spec, new ParsedValues(), context, protocols).map((d) =>
    d.pointer === undefined ? d : { ...d, pointer: inDocument(d.pointer) },
  );
}

/** The spec's own rules, then each protocol's. */
function runRules(
  spec: SidecarSpec,
  values: ParsedValues,
  context: RuleContext,
  protocols: ProtocolChecks,
): Diagnostic[] {
  return flatMapped([...SEMANTIC_RULES, ...protocols.rules], (rule) => rule.check(spec, values, context));
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
  return located
    .map((d, i) => ({ d, i }))
    .sort((a, b) => order(a.d) - order(b.d) || a.i - b.i)
    .map(({ d }) => d);
}
