import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { GOLDEN_ROOT, goldenCases, readExpected } from '../support/golden.js';

const root = new URL('../../', import.meta.url).pathname;

describe('the bundles carry the templates precompiled at build time', () => {
  it('and hold no walk of pipy-templates/: the bundle has the precompiled specs', () => {
    const text = readFileSync(join(root, 'dist/index.js'), 'utf8');
    expect(text).toMatch(/function loadPrecompiledTemplates\(\) \{\s+return \{\s+"[\w/.-]+": \{/);
    expect(text).toContain('"sidecar/main.js": {');
    expect(text).toContain('"osm-edge-plugin/plugin.js": {');
    expect(text).toContain('templates are precompiled into this bundle');
  });

  it('and write the golden bytes for every golden spec (the library bundle, as a controller imports it)', async () => {
    const bundle = (await import(join(root, 'dist/index.js'))) as typeof import('../../src/index.js');
    for (const name of goldenCases().filter((c) => !c.includes('/invalid'))) {
      const options = join(GOLDEN_ROOT, name, 'options.yaml');
      const target = existsSync(options)
        ? (parse(readFileSync(options, 'utf8')) as { target: 'pipy-1.5' | 'pipy-0.90' }).target
        : undefined;
      const specName = `golden/${name}/spec.yaml`;
      const result = bundle.compileSource(
        { name: specName, text: readFileSync(join(GOLDEN_ROOT, name, 'spec.yaml'), 'utf8') },
        target ? { target } : {},
      );
      expect(result.kind, name).toBe('compiled');
      if (result.kind !== 'compiled') continue;
      const expected = readExpected(name);
      for (const file of result.files) expect(file.contents, `${name}/${file.path}`).toBe(expected[file.path]);
    }
  });
});
