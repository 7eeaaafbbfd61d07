import { describe, expect, it } from 'vitest';
import { goldenDiff, readExpected, UPDATE, writeExpected } from '../support/golden.js';
import { meshGoldenCases, produceMesh } from '../support/golden-mesh.js';

describe('golden resolutions: mesh objects in, sidecar specs out (UPDATE_GOLDEN=1 npm test rewrites them)', () => {
  it.each(meshGoldenCases())('%s', (name) => {
    const actual = produceMesh(name);
    if (UPDATE) writeExpected(name, actual);
    const diff = goldenDiff(name, readExpected(name), actual);
    if (diff) expect.fail(`golden/${name} differs from what pipyc resolves now:\n${diff}`);
  });
});
