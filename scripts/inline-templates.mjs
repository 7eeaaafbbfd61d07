// esbuild plugin: bundles carry pipy-templates/ precompiled (Handlebars.precompile at build time), so they need no
// files beside them and compile no template at run time. The templates are walked and precompiled by the project's
// own code (src/generate/template-sources.ts and templates.ts), bundled once for the purpose.
import { build } from 'esbuild';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const root = new URL('..', import.meta.url).pathname;
let specs;

async function precompiled() {
  if (specs) return specs;
  const result = await build({
    stdin: {
      contents: [
        "export { loadTemplateSources } from './src/generate/template-sources.ts';",
        "export { precompileTemplates } from './src/generate/templates.ts';",
        "export { REGISTRY } from './src/protocols/registry.ts';",
      ].join(' '),
      resolveDir: root,
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    write: false,
    external: ['typescript'],
    logLevel: 'warning',
    banner: { js: "import { createRequire as __r } from 'node:module'; const require = __r(import.meta.url);" },
  });
  const dir = `${root}node_modules/.cache/pipyc-build`;
  mkdirSync(dir, { recursive: true });
  const file = `${dir}/precompile-${process.pid}.mjs`;
  writeFileSync(file, result.outputFiles[0].text);
  const mod = await import(pathToFileURL(file).href);
  rmSync(file);
  specs = mod.precompileTemplates(mod.loadTemplateSources(`${root}pipy-templates/`), mod.REGISTRY.generations);
  return specs;
}

export const inlineTemplates = {
  name: 'inline-templates',
  setup(b) {
    b.onLoad({ filter: /precompiled-templates\.ts$/ }, async () => {
      const entries = Object.entries(await precompiled()).map(([name, spec]) => `${JSON.stringify(name)}: ${spec}`);
      return {
        contents: `export function loadPrecompiledTemplates() { return {\n${entries.join(',\n')}\n}; }`,
        loader: 'js',
      };
    });
    b.onLoad({ filter: /template-sources\.ts$/ }, () => ({
      contents:
        'export function loadTemplateSources() { throw new Error("templates are precompiled into this bundle"); }',
      loader: 'js',
    }));
  },
};
