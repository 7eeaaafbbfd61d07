// esbuild plugin: replaces src/generate/template-sources.ts with the text of every pipy-templates/**/*.hbs,
// so bundles (the CLI, the library, benchmarks) need no files beside them.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const templatesDir = new URL('../pipy-templates', import.meta.url).pathname;


function templateSources(dir = templatesDir, out = {}) {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) templateSources(path, out);
    else if (entry.name.endsWith('.hbs')) out[relative(templatesDir, path).slice(0, -4)] = readFileSync(path, 'utf8');
  }
  return out;
}

export const inlineTemplates = {
  name: 'inline-templates',
  setup(b) {
    b.onLoad({ filter: /template-sources\.ts$/ }, () => ({
      contents: `export function loadTemplateSources() { return ${JSON.stringify(templateSources())}; }`,
      loader: 'js',
    }));
  },
};

