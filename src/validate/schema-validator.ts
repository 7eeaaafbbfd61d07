import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import schema from '../../schemas/sidecar-spec.schema.json' with { type: 'json' };
import { error, pointerOf, type Diagnostic, type FieldNamer } from '../diagnostics/diagnostic.js';
import { describeValue } from '../util/describe-value.js';
import type { SidecarSpec } from '../sidecar-spec/types.js';
import { closestName } from '../util/closest-name.js';
import { KUBERNETES_OBJECTS_HINT } from '../parse/parse-spec.js';

export const SIDECAR_SPEC_SCHEMA: unknown = schema;

/** Compiled on first use (ajv compiles the schema into a function once): the schema is a constant of the build. */
let compiled: ValidateFunction<SidecarSpec> | undefined;

function validator(): ValidateFunction<SidecarSpec> {
  compiled ??= new Ajv2020({ allErrors: true, strict: true, verbose: true }).compile<SidecarSpec>(schema);
  return compiled;
}

/** Checks the document against schemas/sidecar-spec.schema.json; every violation becomes one diagnostic naming its place by `name`. */
export function checkSchema(
  value: unknown,
  name: FieldNamer,
): { kind: 'valid'; spec: SidecarSpec } | { kind: 'invalid'; diagnostics: Diagnostic[] } {
  const validate = validator();
  if (validate(value)) return { kind: 'valid', spec: value };
  const errors = validate.errors ?? [];
  // A bad key comes twice from ajv: from the name's own schema (with propertyName) and from propertyNames on the
  // object. The first says which key; the second is dropped.
  const named = new Set(errors.filter((e) => e.propertyName !== undefined).map((e) => e.instancePath));
  return {
    kind: 'invalid',
    diagnostics: dedupe(
      errors
        .filter((e) => !(e.keyword === 'propertyNames' && named.has(e.instancePath)))
        .map((e) => toDiagnostic(e, name)),
    ),
  };
}

function toDiagnostic(e: ErrorObject, name: FieldNamer): Diagnostic {
  const at = e.instancePath;
  const where = name(at);
  if (e.propertyName !== undefined) return propertyNameError(e.propertyName, at, where);
  switch (e.keyword) {
    case 'additionalProperties': {
      const field = String(e.params.additionalProperty);
      const known = Object.keys((e.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      const guess = closestName(field, known);
      const kubernetes = at === '' && (field === 'apiVersion' || field === 'kind');
      return error(
        'PIPYC2002',
        `unknown field "${field}" in ${where}`,
        at + pointerOf(field),
        kubernetes
          ? KUBERNETES_OBJECTS_HINT
          : guess
            ? `did you mean "${guess}"?`
            : known.length
              ? `known fields: ${known.join(', ')}`
              : undefined,
      );
    }
    case 'required':
      return error(
        'PIPYC2003',
        `missing required field "${String(e.params.missingProperty)}" in ${where}`,
        at,
        at === '' && e.params.missingProperty === 'Spec'
          ? 'start the file with "Spec: {}" (every field in it has a default)'
          : undefined,
      );
    case 'type':
      return error('PIPYC2004', `${where} must be ${article(String(e.params.type))}, not ${describeValue(e.data)}`, at);
    case 'enum': {
      const values = e.params.allowedValues as unknown[];
      const allowed = values.map((v) => JSON.stringify(v)).join(', ');
      const sameLetters =
        typeof e.data === 'string'
          ? values.find((v) => typeof v === 'string' && v.toLowerCase() === (e.data as string).toLowerCase())
          : undefined;
      return error(
        'PIPYC2005',
        `${where} is ${JSON.stringify(e.data)}; allowed: ${allowed}`,
        at,
        sameLetters !== undefined ? `did you mean ${JSON.stringify(sameLetters)}? (case matters)` : undefined,
      );
    }
    case 'maximum':
    case 'minimum':
    case 'maxLength':
    case 'minLength':
    case 'maxItems':
    case 'maxProperties':
    case 'minItems':
      return limitError(e.keyword, Number(e.params.limit), e.data, at, where);
    case 'pattern':
      if (
        /\/Methods\/\d+$/.test(at) &&
        typeof e.data === 'string' &&
        /^[A-Z][A-Z-]{0,31}$/.test(e.data.toUpperCase())
      ) {
        return error(
          'PIPYC2005',
          `${where} is ${JSON.stringify(e.data)}; HTTP methods are upper case`,
          at,
          `did you mean ${JSON.stringify(e.data.toUpperCase())}?`,
        );
      }
      return patternError(where, at, e.data);
    case 'propertyNames':
      return error('PIPYC2005', `${where} has an invalid name`, at);
    default:
      return error('PIPYC2001', `${where} ${e.message ?? 'is invalid'}`, at);
  }
}

/** A key the schema refuses by name: a header name in Matches, or any other field name. */
function propertyNameError(key: string, at: string, where: string): Diagnostic {
  const header = /\/Headers$/.test(at);
  return error(
    'PIPYC2006',
    header
      ? `header name ${JSON.stringify(key)} in ${where} is not a valid HTTP header name`
      : `name ${JSON.stringify(key)} in ${where} is not allowed`,
    at + pointerOf(key),
    header ? "header names are letters, digits and !#$%&'*+.^_`|~- (no spaces)" : undefined,
  );
}

/** A number, a length or a count outside the schema's limit, in words (at most / at least). */
function limitError(keyword: string, n: number, data: unknown, at: string, where: string): Diagnostic {
  switch (keyword) {
    case 'maximum':
    case 'minimum':
      return error(
        'PIPYC2001',
        `${where} is ${typeof data === 'number' ? String(data) : describeValue(data)}; it must be ${keyword === 'maximum' ? 'at most' : 'at least'} ${n}`,
        at,
      );
    case 'maxLength':
    case 'minLength':
      return error(
        'PIPYC2001',
        `${where} is ${typeof data === 'string' ? `${data.length} characters long` : describeValue(data)}; it must be ${keyword === 'maxLength' ? 'at most' : 'at least'} ${n} character${n === 1 ? '' : 's'} long`,
        at,
      );
    case 'minItems':
      return error('PIPYC2001', `${where} must list at least ${n} ${n === 1 ? 'entry' : 'entries'}`, at);
    default:
      return error(
        'PIPYC2001',
        `${where} has more than ${n} ${keyword === 'maxItems' ? (n === 1 ? 'entry' : 'entries') : n === 1 ? 'field' : 'fields'}, the most pipyc takes`,
        at,
      );
  }
}

/** The schema's patterns in words, with a suggestion where one is likely. */
function patternError(where: string, at: string, value: unknown): Diagnostic {
  const text = typeof value === 'string' ? value : String(value);
  if (/\/Name$/.test(at)) {
    const fixed = text
      .toLowerCase()
      .replace(/[^-a-z0-9.]+/g, '-')
      .replace(/^[-.]+|[-.]+$/g, '');
    const hint =
      fixed && fixed !== text && /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/.test(fixed)
        ? `did you mean ${JSON.stringify(fixed)}?`
        : undefined;
    return error(
      'PIPYC2005',
      `${where} is ${JSON.stringify(text)}: a policy name is lower-case letters, digits, '-' and '.', starts and ends with a letter or digit, at most 253 characters`,
      at,
      hint,
    );
  }
  if (/\/Methods\/\d+$/.test(at)) {
    return error(
      'PIPYC2005',
      `${where} is ${JSON.stringify(text)}: an HTTP method is upper-case letters and '-' (GET, POST, PROPFIND, ...)`,
      at,
    );
  }
  return error(
    'PIPYC2005',
    `${where} is ${JSON.stringify(text)}, which is not in the form this field takes`,
    at,
    'see docs/spec.md for the field',
  );
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

/** ajv reports propertyNames twice (once for the name, once for the object); keep one per pointer and code. */
function dedupe(diagnostics: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.code} ${d.pointer} ${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
