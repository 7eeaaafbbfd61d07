import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('../', import.meta.url).pathname;
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

describe('the npm package ships what is used, nothing else', () => {
  it('holds the bundles, their types, the schema, the README and the LICENSE; no templates, sources or tests', () => {
    const [packed] = JSON.parse(
      execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
        cwd: root,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }),
    );
    const files: string[] = packed.files.map((f: { path: string }) => f.path);
    expect(files.filter((f) => !f.startsWith('dist/types/')).sort()).toEqual([
      'LICENSE',
      'README.md',
      'dist/cli.js',
      'dist/index.js',
      'package.json',
      'schemas/sidecar-spec.draft-07.schema.json',
      'schemas/sidecar-spec.schema.json',
    ]);
    expect(files).toContain('dist/types/index.d.ts');
    expect(readFileSync(join(root, 'LICENSE'), 'utf8')).toMatch(/Apache License\s+Version 2\.0/);
    expect(pkg.license).toBe('Apache-2.0');
  });

  it('depends at run time only on typescript (everything else is bundled), so a consumer gets no stray .bin entries', () => {
    expect(Object.keys(pkg.dependencies)).toEqual(['typescript']);
    expect(pkg.exports['./schema']).toBe('./schemas/sidecar-spec.schema.json');
  });

  it('works installed alone: the CLI, the library, the schema export, and its types under skipLibCheck: false', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pipyc-consumer-'));
    const target = join(dir, 'node_modules', 'pipyc');
    mkdirSync(join(dir, 'node_modules', '@types'), { recursive: true });
    for (const entry of ['dist', 'schemas', 'LICENSE', 'package.json'])
      cpSync(join(root, entry), join(target, entry), { recursive: true });
    symlinkSync(join(root, 'node_modules', 'typescript'), join(dir, 'node_modules', 'typescript'));
    symlinkSync(join(root, 'node_modules', '@types', 'node'), join(dir, 'node_modules', '@types', 'node'));
    writeFileSync(join(dir, 'package.json'), '{"type": "module"}');
    writeFileSync(
      join(dir, 'main.ts'),
      "import { compile, loadObjects, resolveIdentity, type SidecarSpec } from 'pipyc';\nconst spec: SidecarSpec = { Spec: { Traffic: { EnableEgress: true } } };\nexport const out = [compile(spec).manifest.target, resolveIdentity(loadObjects([]), 'a/b').identity];\n",
    );
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          skipLibCheck: false,
          noEmit: true,
          target: 'ES2022',
          types: ['node'],
        },
        files: ['main.ts'],
      }),
    );
    const tsc = spawnSync(process.execPath, [join(dir, 'node_modules/typescript/bin/tsc'), '-p', dir], {
      encoding: 'utf8',
    });
    expect(tsc.stdout + tsc.stderr).toBe('');
    const run = spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        "const p = await import('pipyc'); const s = await import('pipyc/schema', { with: { type: 'json' } }); console.log(p.compile({ Spec: {} }).manifest.target, s.default.title)",
      ],
      { cwd: dir, encoding: 'utf8' },
    );
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^pipy-1\.5 \S/);
    const cli = spawnSync(
      process.execPath,
      [join(target, 'dist/cli.js'), 'compile', join(root, 'examples/sidecar.yaml'), '-o', join(dir, 'out')],
      { encoding: 'utf8' },
    );
    expect(cli.status, cli.stderr).toBe(0);
  });
});
