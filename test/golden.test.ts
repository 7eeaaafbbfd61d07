import { describe, expect, it } from 'vitest';
import { goldenCases, goldenDiff, produce, readExpected, UPDATE, writeExpected } from './support/golden.js';

describe('golden codebases (UPDATE_GOLDEN=1 npm test rewrites them)', () => {
  it.each(goldenCases())('%s', (name) => {
    const actual = produce(name);
    if (UPDATE) writeExpected(name, actual);
    const diff = goldenDiff(name, readExpected(name), actual);
    if (diff) expect.fail(`golden/${name} differs from what pipyc produces now:\n${diff}`);
  });
});
