import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { OUTPUT_FAMILIES } from '../src/outputs/registry.js';
import { PARTS, PROTOCOLS } from '../src/protocols/registry.js';
import { POLICY_PROTOCOLS } from '../src/sidecar-spec/types.js';

const root = new URL('../', import.meta.url).pathname;
const src = join(root, 'src');

/**
 * The pipeline in the tree: a stage may import from its own stage, the ones before it and the shared base, never from
 * a later one. mesh is an input stage (objects -> spec) that reads with parse's helpers; explain, verify, publish, io,
 * the compile entry points and the CLI sit on top.
 */
const STAGES: Record<string, number> = {
  util: 0, diagnostics: 0, 'sidecar-spec': 0, net: 0, 'version.ts': 0,
  parse: 1, mesh: 2, validate: 3, normalize: 4, lower: 5, ir: 5, generate: 6, check: 7, manifest: 8, write: 9,
  explain: 10, protocols: 10, outputs: 10, verify: 10, publish: 10, io: 10, 'compile.ts': 11, 'compile-identity.ts': 12, 'compile-osm-edge-plugin.ts': 12, cli: 13, 'index.ts': 13,
};

function allFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? allFiles(join(dir, name)) : [join(dir, name)]));
}

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

  it('comments, templates and docs name only files that exist', () => {
    const docs = ['README.md', ...readdirSync(join(root, 'docs')).map((d) => `docs/${d}`), 'bench/README.md', 'lab/README.md'].map((d) => join(root, d));
    const templates = allFiles(join(root, 'pipy-templates'));
    const stale = [...files, ...templates, ...docs].flatMap((file) => {
      const text = readFileSync(file, 'utf8');
      // Paths of this repository; Pipy's or osm-edge's sources (.cpp, .go, their folders) are elsewhere.
      const named = [...text.matchAll(/(?<![\w./-])((?:src|test|bench|lab|scripts|schemas|pipy-templates|golden|examples)\/[\w./-]*\w|(?:[a-z-]+\/)+[a-z-]+\.(?:ts|mjs|hbs|json|md))\b/g)].map((m) => m[1]!);
      return named
        .filter((name) => !name.includes('*') && !/\.(?:cpp|hpp|go)$/.test(name) && !/^(?:[a-z]+\/)?(?:codebase|modules|repo|client|driver|catalog|apis|injector|filters|api)\//.test(name))
        .filter((name) => ![join(root, name), join(src, name), join(dirname(file), name)].some((p) => existsSync(p)))
        .map((name) => `${relative(root, file)}: ${name}`);
    });
    expect(stale).toEqual([]);
  });
});

describe('the repository stands alone', () => {
  it('no code, template or doc points at files outside it (../shared/...)', () => {
    const docs = ['README.md', 'bench/README.md', 'lab/README.md', ...readdirSync(join(root, 'docs')).map((d) => `docs/${d}`)].map((d) => join(root, d));
    const all = [...files, ...allFiles(join(root, 'pipy-templates')), ...allFiles(join(root, 'bench')), ...allFiles(join(root, 'lab')), ...allFiles(join(root, 'test')).filter((f) => f.endsWith('.ts')), ...docs];
    expect([...new Set(all)].filter((f) => f !== fileURLToPath(import.meta.url) && readFileSync(f, 'utf8').includes('../shared/')).map((f) => relative(root, f))).toEqual([]);
  });
});

describe('protocols: one registry, one home each (docs/architecture.md, "How to add a protocol")', () => {
  const homes = readdirSync(join(src, 'protocols')).filter((d) => statSync(join(src, 'protocols', d)).isDirectory()).sort();
  const partHomes = [...new Set(PARTS.map((p) => p.home))].sort();

  it('the registry lists exactly the homes, and the spec, the schema and the registry name the same protocols', () => {
    expect(PROTOCOLS.map((h) => h.protocol).sort()).toEqual(homes);
    expect([...POLICY_PROTOCOLS].sort()).toEqual(homes);
    const schema = JSON.parse(readFileSync(join(root, 'schemas/sidecar-spec.schema.json'), 'utf8')) as { $defs: Record<string, { properties?: Record<string, { enum?: string[] }> }> };
    const enums = Object.values(schema.$defs).flatMap((d) => (d.properties?.Protocol?.enum ? [d.properties.Protocol.enum] : []));
    expect(enums.map((e) => [...e].sort())).toEqual([homes]);
  });

  it("each home holds its protocol; each part's home holds its lowering, tables, explain rule and (sniffed) simulation", () => {
    for (const home of homes) expect(existsSync(join(src, 'protocols', home, 'home.ts')), `${home}/home.ts`).toBe(true);
    for (const part of PARTS) {
      const own = ['lower.ts', 'tables.ts', 'explain.ts', ...(part.phase === 'sniffed' ? ['simulate.ts'] : [])];
      for (const file of own) expect(existsSync(join(src, 'protocols', part.home, file)), `protocols/${part.home}/${file}`).toBe(true);
    }
  });

  it("each part's templates are in pipy-templates/protocols/<its home>/, and nothing else is there", () => {
    expect(readdirSync(join(root, 'pipy-templates/protocols')).sort()).toEqual(partHomes);
  });

  it('the stages take their protocols from the registry: only compile.ts, explain, outputs and the CLI import it, nothing imports a home', () => {
    const offenders = files.flatMap((f) => {
      const inside = relative(join(src, 'protocols'), f);
      if (!inside.startsWith('..')) return [];
      return importsOf(f)
        .filter((t) => !relative(join(src, 'protocols'), t).startsWith('..'))
        .filter((t) => relative(src, t) !== 'protocols/registry.ts' || !/^(compile[\w-]*\.ts|explain\/|outputs\/|cli\/)/.test(relative(src, f)))
        .map((t) => `${relative(root, f)} -> ${relative(root, t)}`);
    });
    expect(offenders).toEqual([]);
  });
});

describe('output families: one driver and one template family each', () => {
  it('the template folders are the registered families (and protocols/, shared/)', () => {
    const folders = readdirSync(join(root, 'pipy-templates')).filter((d) => d !== 'protocols' && d !== 'shared').sort();
    expect(OUTPUT_FAMILIES.map((f) => f.name).sort()).toEqual(folders);
    for (const family of OUTPUT_FAMILIES) expect(existsSync(join(src, 'outputs', family.name, 'family.ts')), `src/outputs/${family.name}/family.ts`).toBe(true);
  });

  it.each(OUTPUT_FAMILIES.map((f) => [f.name, f] as const))('%s declares a dialect for each entry template, and its entry is one of them', (_name, family) => {
    const entries = readdirSync(join(root, 'pipy-templates', family.name)).filter((f) => f.endsWith('.hbs')).map((f) => f.slice(0, -4)).sort();
    expect(Object.keys(family.files).sort()).toEqual(entries);
    expect(entries).toContain(family.entry);
  });
});
