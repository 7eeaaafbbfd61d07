import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compareText } from '../util/compare.js';

/**
 * Template name (path under pipy-templates/, without .hbs) -> text: the one walk of the templates folder, used when
 * running from source and by the build, which precompiles what it returns (scripts/inline-templates.mjs).
 */
export function loadTemplateSources(
  root = fileURLToPath(new URL('../../pipy-templates/', import.meta.url)),
): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string, prefix: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => compareText(a.name, b.name))) {
      if (entry.isDirectory()) walk(join(dir, entry.name), `${prefix}${entry.name}/`);
      else if (entry.name.endsWith('.hbs'))
        out[prefix + entry.name.slice(0, -4)] = readFileSync(join(dir, entry.name), 'utf8');
    }
  };
  walk(root, '');
  return out;
}
