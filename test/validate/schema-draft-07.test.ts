import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { validate } from '../../src/index.js';
import { SIDECAR_SPEC_SCHEMA } from '../../src/validate/schema-validator.js';
import { goldenCases, GOLDEN_ROOT } from '../support/golden.js';

const root = new URL('../../', import.meta.url).pathname;
const DRAFT_07 = join(root, 'schemas/sidecar-spec.draft-07.schema.json');

describe('the schema in editors', () => {
  it('the draft-07 copy, read by a draft-07 validator, accepts and rejects the golden specs as pipyc does at the schema stage', () => {
    const check = new Ajv({ allErrors: true, strict: true }).compile(JSON.parse(readFileSync(DRAFT_07, 'utf8')));
    const cases = goldenCases();
    expect(cases.length).toBeGreaterThan(15);
    for (const c of cases) {
      const spec = parse(readFileSync(join(GOLDEN_ROOT, c, 'spec.yaml'), 'utf8'));
      const schemaErrors = validate(spec).diagnostics.some((d) => /^PIPYC2/.test(d.code));
      expect(check(spec), c).toBe(!schemaErrors);
    }
  });

  it('describes every property and gives examples; a spec may name its schema with $schema', () => {
    const undescribed: string[] = [];
    const walk = (node: unknown, path: string) => {
      if (node === null || typeof node !== 'object') return;
      const properties =
        (node as { properties?: Record<string, { description?: string; $ref?: string }> }).properties ?? {};
      for (const [name, sub] of Object.entries(properties)) {
        if (!sub.description) undescribed.push(`${path}/${name}`);
        walk(sub, `${path}/${name}`);
      }
      for (const [key, sub] of Object.entries(node))
        if (key !== 'properties' && typeof sub === 'object') walk(sub, `${path}/${key}`);
    };
    walk(SIDECAR_SPEC_SCHEMA, '');
    expect(undescribed).toEqual([]);
    expect((SIDECAR_SPEC_SCHEMA as { examples?: unknown[] }).examples?.length).toBeGreaterThan(0);
    for (const example of (SIDECAR_SPEC_SCHEMA as { examples: unknown[] }).examples)
      expect(validate(example).kind).toBe('valid');
    expect(validate({ $schema: './node_modules/pipyc/schemas/sidecar-spec.schema.json', Spec: {} })).toEqual({
      kind: 'valid',
      diagnostics: [],
    });
  });
});
