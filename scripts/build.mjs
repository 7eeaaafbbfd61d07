// Bundles the CLI and the library with esbuild, inlining pipy-templates/ so the bundle needs no files beside it,
// then emits type declarations with tsc.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { chmodSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { inlineTemplates } from './inline-templates.mjs';

const root = new URL('..', import.meta.url).pathname;
const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['typescript'],
  plugins: [inlineTemplates],
  banner: {
    js: "import { createRequire as __pipycRequire } from 'node:module'; const require = __pipycRequire(import.meta.url);",
  },
  legalComments: 'none',
  logLevel: 'warning',
};

rmSync(join(root, 'dist'), { recursive: true, force: true });
await build({
  ...common,
  entryPoints: [join(root, 'src/cli/bin.ts')],
  outfile: join(root, 'dist/cli.js'),
  banner: { js: '#!/usr/bin/env node\n' + common.banner.js },
});
chmodSync(join(root, 'dist/cli.js'), 0o755);
await build({ ...common, entryPoints: [join(root, 'src/index.ts')], outfile: join(root, 'dist/index.js') });
execFileSync(
  process.execPath,
  [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json')],
  { stdio: 'inherit' },
);
