import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import schema from '../../schemas/sidecar-spec.schema.json' with { type: 'json' };
import { error, pointerOf, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { SidecarSpec } from '../sidecar-spec/types.js';
import { closestName } from './closest-name.js';

export const SIDECAR_SPEC_SCHEMA: unknown = schema;

let compiled: ValidateFunction<SidecarSpec> | undefined;

function validator(): ValidateFunction<SidecarSpec> {
  compiled ??= new Ajv2020({ allErrors: true, strict: true, verbose: true }).compile<SidecarSpec>(schema);
  return compiled;
}

/** Checks the document against schemas/sidecar-spec.schema.json; every violation becomes one diagnostic. */
export function checkSchema(value: unknown): { kind: 'valid'; spec: SidecarSpec } | { kind: 'invalid'; diagnostics: Diagnostic[] } {
  const validate = validator();
  if (validate(value)) return { kind: 'valid', spec: value };
  const errors = validate.errors ?? [];
  // A bad key comes twice from ajv: from the name's own schema (with propertyName) and from propertyNames on the
  // object. The first says which key; the second is dropped.
  const named = new Set(errors.filter((e) => e.propertyName !== undefined).map((e) => e.instancePath));
  return { kind: 'invalid', diagnostics: dedupe(errors.filter((e) => !(e.keyword === 'propertyNames' && named.has(e.instancePath))).map(toDiagnostic)) };
}

function toDiagnostic(e: ErrorObject): Diagnostic {
  const at = e.instancePath;
  const where = at === '' ? 'the document' : at;
  if (e.propertyName !== undefined) {
    const key = e.propertyName;
    const header = /\/Headers$/.test(at);
    return error(
      'PIPYC2006',
      header ? `header name ${JSON.stringify(key)} in ${where} is not a valid HTTP header name` : `name ${JSON.stringify(key)} in ${where} is not allowed`,
      at + pointerOf(key),
      header ? "header names are letters, digits and !#$%&'*+.^_`|~- (no spaces)" : undefined,
    );
  }
  switch (e.keyword) {
    case 'additionalProperties': {
      const name = String(e.params.additionalProperty);
      const known = Object.keys((e.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      const guess = closestName(name, known);
      return error(
        'PIPYC2002',
        `unknown field "${name}" in ${where}`,
        at + pointerOf(name),
        guess ? `did you mean "${guess}"?` : known.length ? `known fields: ${known.join(', ')}` : undefined,
      );
    }
    case 'required':
      return error('PIPYC2003', `missing required field "${String(e.params.missingProperty)}" in ${where}`, at);
    case 'type':
      return error('PIPYC2004', `${where} must be ${article(String(e.params.type))}, not ${describe(e.data)}`, at);
    case 'enum': {
      const values = e.params.allowedValues as unknown[];
      const allowed = values.map((v) => JSON.stringify(v)).join(', ');
      const sameLetters = typeof e.data === 'string' ? values.find((v) => typeof v === 'string' && v.toLowerCase() === (e.data as string).toLowerCase()) : undefined;
      return error('PIPYC2005', `${where} is ${JSON.stringify(e.data)}; allowed: ${allowed}`, at, sameLetters !== undefined ? `did you mean ${JSON.stringify(sameLetters)}? (case matters)` : undefined);
    }
    case 'maximum':
    case 'minimum':
      return error('PIPYC2001', `${where} is ${typeof e.data === 'number' ? String(e.data) : describe(e.data)}; it must be ${e.keyword === 'maximum' ? 'at most' : 'at least'} ${String(e.params.limit)}`, at);
    case 'maxLength':
    case 'minLength': {
      const n = Number(e.params.limit);
      return error('PIPYC2001', `${where} is ${typeof e.data === 'string' ? `${e.data.length} characters long` : describe(e.data)}; it must be ${e.keyword === 'maxLength' ? 'at most' : 'at least'} ${n} character${n === 1 ? '' : 's'} long`, at);
    }
    case 'maxItems':
    case 'maxProperties': {
      const n = Number(e.params.limit);
      return error('PIPYC2001', `${where} has more than ${n} ${e.keyword === 'maxItems' ? (n === 1 ? 'entry' : 'entries') : n === 1 ? 'field' : 'fields'}, the most pipyc takes`, at);
    }
    case 'minItems':
      return error('PIPYC2001', `${where} must list at least ${String(e.params.limit)} ${Number(e.params.limit) === 1 ? 'entry' : 'entries'}`, at);
    case 'pattern':
      if (/\/Methods\/\d+$/.test(at) && typeof e.data === 'string' && /^[A-Z][A-Z-]{0,31}$/.test(e.data.toUpperCase())) {
        return error('PIPYC2005', `${where} is ${JSON.stringify(e.data)}; HTTP methods are upper case`, at, `did you mean ${JSON.stringify(e.data.toUpperCase())}?`);
      }
      return patternError(where, at, e.data);
    case 'propertyNames':
      return error('PIPYC2005', `${where} has an invalid name`, at);
    default:
      return error('PIPYC2001', `${where} ${e.message ?? 'is invalid'}`, at);
  }
}

/** The schema's patterns in words, with a suggestion where one is likely. */
function patternError(where: string, at: string, value: unknown): Diagnostic {
  const text = typeof value === 'string' ? value : String(value);
  if (/\/Name$/.test(at)) {
    const fixed = text.toLowerCase().replace(/[^-a-z0-9.]+/g, '-').replace(/^[-.]+|[-.]+$/g, '');
    const hint = fixed && fixed !== text && /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/.test(fixed) ? `did you mean ${JSON.stringify(fixed)}?` : undefined;
    return error('PIPYC2005', `${where} is ${JSON.stringify(text)}: a policy name is lower-case letters, digits, '-' and '.', starts and ends with a letter or digit, at most 253 characters`, at, hint);
  }
  if (/\/Methods\/\d+$/.test(at)) {
    return error('PIPYC2005', `${where} is ${JSON.stringify(text)}: an HTTP method is upper-case letters and '-' (GET, POST, PROPFIND, ...)`, at);
  }
  return error('PIPYC2005', `${where} is ${JSON.stringify(text)}, which is not in the form this field takes`, at, 'see docs/spec.md for the field');
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value)}`;
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'number' && !Number.isFinite(value)) return `${value}, which is not a number JSON can hold`;
  return `${typeof value} ${String(value)}`;
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
