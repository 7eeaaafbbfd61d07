import { describe, expect, it } from 'vitest';
import { goldenDiff, readExpected, UPDATE, writeExpected } from '../../support/golden.js';
import { pluginGoldenCases, producePlugin } from '../../support/golden-plugin.js';

describe('golden osm-edge plugins: mesh objects in, Plugin and PluginChain objects out (npm run golden:update rewrites them)', () => {
  it.each(pluginGoldenCases())('%s', (name) => {
    const actual = producePlugin(name);
    if (UPDATE) writeExpected(name, actual);
    const diff = goldenDiff(name, readExpected(name), actual);
    if (diff) expect.fail(`golden/${name} differs from what pipyc compiles now:\n${diff}`);
  });
});
