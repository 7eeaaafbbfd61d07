// The one golden harness: every case under golden/ (npm run golden:update rewrites them, and the schema's draft-07
// copy below).

import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { toDraft07 } from '../src/validate/draft-07.js';
import { SIDECAR_SPEC_SCHEMA } from '../src/validate/schema-validator.js';
import { allGoldenCases, goldenDiff, produce, readExpected, UPDATE, writeExpected } from './support/golden.js';

const DRAFT_07 = new URL('../schemas/sidecar-spec.draft-07.schema.json', import.meta.url).pathname;

describe("golden cases: a spec or a mesh's objects in, what pipyc makes of them out, byte for byte", () => {
  it.each(allGoldenCases())('%s', (name) => {
    const actual = produce(name);
    if (UPDATE) writeExpected(name, actual);
    const diff = goldenDiff(name, readExpected(name), actual);
    if (diff) expect.fail(`golden/${name} differs from what pipyc makes now:\n${diff}`);
  });
});

describe('the JSON Schema for editors', () => {
  it('ships a draft-07 copy that is exactly the converted schema', () => {
    const expected = JSON.stringify(toDraft07(SIDECAR_SPEC_SCHEMA), null, 2) + '\n';
    if (UPDATE) writeFileSync(DRAFT_07, expected);
    expect(readFileSync(DRAFT_07, 'utf8')).toBe(expected);
  });
});
