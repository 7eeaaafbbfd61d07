import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { normalize } from '../../src/normalize/normalize.js';
import { parseSpec, parseValue } from '../../src/parse/parse-spec.js';
import { REGISTRY } from '../../src/protocols/registry.js';
import { validateSpec, type ValidationResult } from '../../src/validate/validate.js';
import { GOLDEN_ROOT, goldenCases } from '../support/golden.js';
import { randomSpec, rng } from '../support/random-specs.js';

/** Where some object's keys are out of order, or undefined when every object's keys are sorted. */
function unsortedAt(value: unknown, pointer = ''): string | undefined {
  if (Array.isArray(value)) return value.map((v, i) => unsortedAt(v, `${pointer}/${i}`)).find((p) => p !== undefined);
  if (value === null || typeof value !== 'object') return undefined;
  const keys = Object.keys(value);
  if (keys.some((k, i) => i > 0 && keys[i - 1]! > k)) return pointer || '/';
  return keys
    .map((k) => unsortedAt((value as Record<string, unknown>)[k], `${pointer}/${k}`))
    .find((p) => p !== undefined);
}

/** The canonical spec of a spec that must be valid: an invalid one fails the test rather than pass unchecked. */
function canonicalSpec(validation: ValidationResult, name: string): unknown {
  if (validation.kind !== 'valid')
    expect.fail(`${name} is invalid: ${validation.diagnostics.map((d) => d.message).join('; ')}`);
  return normalize(validation.spec, validation.parsed).spec;
}

describe('the normalised spec (hashed into the manifest as JSON) has its keys sorted at every level', () => {
  const goldens = goldenCases().filter((c) => !c.includes('/invalid'));
  it.each(goldens)('golden %s', (name) => {
    const text = readFileSync(join(GOLDEN_ROOT, name, 'spec.yaml'), 'utf8');
    const parsed = parseSpec({ name, text });
    if (parsed.kind !== 'parsed') throw new Error(`${name} does not parse`);
    expect(unsortedAt(canonicalSpec(validateSpec(parsed, REGISTRY.checks), name))).toBeUndefined();
  });

  it('200 random specs (seeded), every one valid', () => {
    const r = rng(20261127);
    for (let i = 0; i < 200; i++) {
      const parsed = parseValue(randomSpec(r));
      if (parsed.kind !== 'parsed') expect.fail(`random spec ${i} does not parse`);
      expect(unsortedAt(canonicalSpec(validateSpec(parsed, REGISTRY.checks), `random spec ${i}`))).toBeUndefined();
    }
  });

  it('finds keys out of order', () => {
    expect(unsortedAt({ a: 1, b: [{ d: 1, c: 2 }] })).toBe('/b/0');
  });
});
