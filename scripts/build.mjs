// Bundles the CLI and the library with esbuild, inlining pipy-templates/ so the bundle needs no files beside it,
// then emits type declarations with tsc.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const templatesDir = join(root, 'pipy-templates');

function templateSources(dir = templatesDir, out = {}) {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) templateSources(path, out);
    else if (entry.name.endsWith('.hbs')) out[relative(templatesDir, path).slice(0, -4)] = readFileSync(path, 'utf8');
  }
  return out;
}

const inlineTemplates = {
  name: 'inline-templates',
  setup(b) {
    b.onLoad({ filter: /template-sources\.ts$/ }, () => ({
      contents: `export function loadTemplateSources() { return ${JSON.stringify(templateSources())}; }`,
      loader: 'js',
    }));
  },
};

const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['typescript'],
  plugins: [inlineTemplates],
  banner: { js: "import { createRequire as __pipycRequire } from 'node:module'; const require = __pipycRequire(import.meta.url);" },
  legalComments: 'none',
  logLevel: 'warning',
};

rmSync(join(root, 'dist'), { recursive: true, force: true });
await build({ ...common, entryPoints: [join(root, 'src/cli/bin.ts')], outfile: join(root, 'dist/cli.js'), banner: { js: '#!/usr/bin/env node\n' + common.banner.js } });
await build({ ...common, entryPoints: [join(root, 'src/index.ts')], outfile: join(root, 'dist/index.js') });
execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
