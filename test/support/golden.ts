import { createTwoFilesPatch } from 'diff';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { compileSource, formatDiagnostic, type Diagnostic, type Target } from '../../src/index.js';

export const GOLDEN_ROOT = new URL('../../golden/', import.meta.url).pathname;
export const UPDATE = process.env.UPDATE_GOLDEN === '1';

/** Spec cases: folders of golden/ holding a spec (golden/mesh-objects/ holds the mesh-object cases). */
export function goldenCases(): string[] {
  return readdirSync(GOLDEN_ROOT)
    .filter((name) => statSync(join(GOLDEN_ROOT, name)).isDirectory() && readdirSync(join(GOLDEN_ROOT, name)).some((f) => /^spec\.(ya?ml|json)$/.test(f)))
    .sort();
}

/** What a case produces: the codebase files, plus warnings.txt or (for a rejected spec) errors.txt. */
export function produce(caseName: string): Record<string, string> {
  const specPath = readdirSync(join(GOLDEN_ROOT, caseName)).find((f) => /^spec\.(ya?ml|json)$/.test(f));
  if (!specPath) throw new Error(`golden/${caseName} has no spec.yaml or spec.json`);
  const name = `golden/${caseName}/${specPath}`;
  const text = readFileSync(join(GOLDEN_ROOT, caseName, specPath), 'utf8');
  const render = (ds: readonly Diagnostic[]) => ds.map((d) => formatDiagnostic(d, { sourceText: text, sourceName: name }) + '\n').join('');
  const options = readdirSync(join(GOLDEN_ROOT, caseName)).includes('options.yaml')
    ? (parseYaml(readFileSync(join(GOLDEN_ROOT, caseName, 'options.yaml'), 'utf8')) as { target?: Target })
    : {};
  const result = compileSource({ name, text }, options);
  if (result.kind === 'failed') return { 'errors.txt': render(result.diagnostics) };
  const out: Record<string, string> = Object.fromEntries(result.files.map((f) => [f.path, f.contents]));
  if (result.warnings.length > 0) out['warnings.txt'] = render(result.warnings);
  return out;
}

export function readExpected(caseName: string): Record<string, string> {
  const root = join(GOLDEN_ROOT, caseName, 'expected');
  const out: Record<string, string> = {};
  const walk = (dir: string) => {
    let entries: string[];
    try {
      entries = readdirSync(dir);
    } catch {
      return;
    }
    for (const entry of entries.sort()) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else out[relative(root, path)] = readFileSync(path, 'utf8');
    }
  };
  walk(root);
  return out;
}

export function writeExpected(caseName: string, files: Record<string, string>): void {
  const root = join(GOLDEN_ROOT, caseName, 'expected');
  rmSync(root, { recursive: true, force: true });
  for (const [path, contents] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), contents);
  }
}

/** A unified diff of every file that differs, is missing or is extra; '' when all match byte for byte. */
export function goldenDiff(caseName: string, expected: Record<string, string>, actual: Record<string, string>): string {
  const paths = [...new Set([...Object.keys(expected), ...Object.keys(actual)])].sort();
  return paths
    .filter((p) => expected[p] !== actual[p])
    .map((p) =>
      createTwoFilesPatch(`golden/${caseName}/expected/${p}`, `(compiled) ${p}`, expected[p] ?? '', actual[p] ?? '', expected[p] === undefined ? 'missing' : '', actual[p] === undefined ? 'not produced' : '', { context: 2 }),
    )
    .join('\n');
}
