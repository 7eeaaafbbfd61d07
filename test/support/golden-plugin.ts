import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { compileOsmEdgePlugin, formatDiagnostic, loadObjects, PipycError, type Diagnostic, type OsmEdgePluginOptions } from '../../src/index.js';
import { GOLDEN_ROOT } from './golden.js';

export const PLUGIN_CASES = 'osm-edge-plugin';

export function pluginGoldenCases(): string[] {
  return readdirSync(join(GOLDEN_ROOT, PLUGIN_CASES)).sort().map((name) => `${PLUGIN_CASES}/${name}`);
}

/** What a plugin case produces: plugin.yaml (as `compile --format osm-edge-plugin -o` writes it) and its warnings, or errors.txt. */
export function producePlugin(caseName: string): Record<string, string> {
  const dir = join(GOLDEN_ROOT, caseName);
  const files = readdirSync(dir).filter((f) => /\.(ya?ml|json)$/.test(f) && f !== 'case.yaml').sort();
  const sources = files.map((f) => ({ name: `golden/${caseName}/${f}`, text: readFileSync(join(dir, f), 'utf8') }));
  const options = (readdirSync(dir).includes('case.yaml') ? parse(readFileSync(join(dir, 'case.yaml'), 'utf8')) : {}) as OsmEdgePluginOptions;
  const texts = new Map(sources.map((s) => [s.name, s.text]));
  const render = (ds: readonly Diagnostic[]) =>
    ds.map((d) => formatDiagnostic(d, { sourceName: 'pipyc', ...(d.position && texts.has(d.position.file) && { sourceText: texts.get(d.position.file)! }) }) + '\n').join('');
  try {
    const result = compileOsmEdgePlugin(loadObjects(sources), options);
    return { 'plugin.yaml': result.yaml, ...(result.warnings.length > 0 && { 'warnings.txt': render(result.warnings) }) };
  } catch (e) {
    if (!(e instanceof PipycError)) throw e;
    return { 'errors.txt': render(e.diagnostics) };
  }
}
