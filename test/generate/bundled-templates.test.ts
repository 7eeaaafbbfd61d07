import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

  it('and write the golden bytes for every golden spec (the CLI bundle, as a user runs it)', () => {
    const out = mkdtempSync(join(tmpdir(), 'pipyc-bundled-'));
    for (const name of goldenCases().filter((c) => !c.startsWith('invalid'))) {
      const dir = join(out, name);
      const options = join(GOLDEN_ROOT, name, 'options.yaml');
      const target = existsSync(options) ? ['--target', (parse(readFileSync(options, 'utf8')) as { target: string }).target] : [];
      const r = spawnSync(process.execPath, [join(root, 'dist/cli.js'), 'compile', join(GOLDEN_ROOT, name, 'spec.yaml'), '-o', dir, ...target], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      const expected = readExpected(name);
      for (const file of ['main.js', 'egress-tables.txt', 'generation.txt', 'manifest.json'].filter((f) => expected[f] !== undefined)) {
        expect(readFileSync(join(dir, file), 'utf8'), `${name}/${file}`).toBe(expected[file]);
      }
    }
  });
});
