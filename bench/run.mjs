// Bundles a TypeScript benchmark with esbuild and runs it: node bench/run.mjs bench/decision-cost.ts
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { inlineTemplates } from '../scripts/inline-templates.mjs';

const entry = process.argv[2] ?? 'bench/decision-cost.ts';
// The runtime benchmarks publish to a Pipy repo with pipyc's CLI (dist/cli.js).
execFileSync('npm', ['run', 'build', '--silent'], { stdio: 'inherit' });
// Inside the project, so the bundle resolves the packages it leaves external (typescript).
const out = new URL('../node_modules/.cache/pipyc-bench/bench.mjs', import.meta.url).pathname;
await build({
  entryPoints: [entry],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  outfile: out,
  external: ['typescript'],
  plugins: [inlineTemplates],
  banner: { js: "import { createRequire as __r } from 'node:module'; const require = __r(import.meta.url);" },
  logLevel: 'warning',
});
try {
  execFileSync(process.execPath, [out], { stdio: 'inherit' });
} catch (e) {
  // The benchmark printed its own error; no stack trace from here.
  process.exit(e.status ?? 1);
}
