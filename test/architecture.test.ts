import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('../', import.meta.url).pathname;
const src = join(root, 'src');

/**
 * The pipeline in the tree: a stage may import from its own stage, the ones before it and the shared base, never from
 * a later one. mesh is an input stage (objects -> spec) that reads with parse's helpers; explain, verify, publish, io,
 * the compile entry points and the CLI sit on top.
 */
const STAGES: Record<string, number> = {
  util: 0, diagnostics: 0, spec: 0, net: 0, 'version.ts': 0,
  parse: 1, mesh: 2, validate: 3, normalize: 4, lower: 5, ir: 5, generate: 6, check: 7, manifest: 8, write: 9,
  explain: 10, verify: 10, publish: 10, io: 10, 'compile.ts': 11, 'compile-identity.ts': 12, cli: 13, 'index.ts': 13,
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : name.endsWith('.ts') ? [path] : [];
  });
}

const files = sourceFiles(src);
const stageOf = (file: string) => STAGES[relative(src, file).split('/')[0]!];
const importsOf = (file: string) =>
  [...readFileSync(file, 'utf8').matchAll(/^(?:import|export)\b[^;]*?from '(\.[^']+)'/gm)].map((m) => resolve(dirname(file), m[1]!.replace(/\.js$/, '.ts')));

describe('the house as a newcomer reads it', () => {
  it('every folder of src/ has a stage', () => {
    expect(files.filter((f) => stageOf(f) === undefined).map((f) => relative(root, f))).toEqual([]);
  });

  it('no module imports from a stage that comes after it', () => {
    const backwards = files.flatMap((f) => importsOf(f).filter((t) => stageOf(t)! > stageOf(f)!).map((t) => `${relative(root, f)} -> ${relative(root, t)}`));
    expect(backwards).toEqual([]);
  });

  it('there are no import circles', () => {
    const graph = new Map(files.map((f) => [f, importsOf(f)]));
    const state = new Map<string, 'open' | 'done'>();
    const circles: string[] = [];
    const visit = (f: string, path: string[]) => {
      if (state.get(f) === 'done') return;
      if (state.get(f) === 'open') return void circles.push([...path.slice(path.indexOf(f)), f].map((p) => relative(root, p)).join(' -> '));
      state.set(f, 'open');
      for (const t of graph.get(f) ?? []) visit(t, [...path, f]);
      state.set(f, 'done');
    };
    for (const f of files) visit(f, []);
    expect(circles).toEqual([]);
  });

  it("result types discriminate with 'kind' (not ok or valid); only the CLI's JSON output says ok", () => {
    const other = files.flatMap((f) =>
      readFileSync(f, 'utf8')
        .split('\n')
        .map((line, i) => [line, i + 1] as const)
        .filter(([line]) => /\b(ok|valid): (true|false|boolean)\b/.test(line) && !/printJson|JSON\.stringify/.test(line))
        .map(([line, n]) => `${relative(root, f)}:${n}: ${line.trim()}`),
    );
    expect(other).toEqual([]);
  });

  it('comments and docs name only files that exist', () => {
    const docs = ['README.md', ...readdirSync(join(root, 'docs')).map((d) => `docs/${d}`), 'bench/README.md'].map((d) => join(root, d));
    const stale = [...files, ...docs].flatMap((file) => {
      const text = readFileSync(file, 'utf8');
      // Paths of this repository; '../shared/...' and Pipy's or osm-edge's sources (.cpp, .go, their folders) are elsewhere.
      const named = [...text.matchAll(/(?<![\w./-])((?:src|test|bench|scripts|schemas|pipy-templates|golden|examples)\/[\w./-]*\w|(?:[a-z-]+\/)+[a-z-]+\.(?:ts|mjs|hbs|json|md))\b/g)].map((m) => m[1]!);
      return named
        .filter((name) => !name.includes('*') && !/\.(?:cpp|hpp|go)$/.test(name) && !/^(?:[a-z]+\/)?(?:codebase|modules|repo|client|driver|catalog|apis|injector|filters|api)\//.test(name))
        .filter((name) => ![join(root, name), join(src, name), join(dirname(file), name)].some((p) => existsSync(p)))
        .map((name) => `${relative(root, file)}: ${name}`);
    });
    expect(stale).toEqual([]);
  });
});
