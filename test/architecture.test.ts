import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FAMILY_HOOKS } from '../src/generate/template-contracts.js';
import { OUTPUT_FAMILIES } from '../src/outputs/registry.js';
import { PROTOCOLS, REGISTRY } from '../src/protocols/registry.js';
import { POLICY_PROTOCOLS } from '../src/sidecar-spec/types.js';

const root = new URL('../', import.meta.url).pathname;
const src = join(root, 'src');

/**
 * The layers of src/, lowest first: a module imports only from its own folder and from folders of lower layers, so no
 * folder imports one above it and no two folders import each other. The pipeline reads down the list (parse ->
 * validate -> normalize -> lower -> generate -> check -> write); what decides and what is decided sit between its
 * stages; mesh, outputs, compile, verify, publish and the CLI are on top. README and docs/architecture.md carry this
 * table; the last test below holds them to it.
 */
const LAYERS: readonly string[] = [
  'version.ts',
  'util',
  'diagnostics',
  'net',
  'sidecar-spec',
  'parse',
  'validate',
  'normalize',
  'decision',
  'ir',
  'lower',
  'generate',
  'check',
  'protocols',
  'explain',
  'mesh',
  'manifest',
  'outputs',
  'write',
  'compile',
  'diff',
  'learn',
  'io',
  'verify',
  'publish',
  'cli',
  'index.ts',
];

function allFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) =>
    statSync(join(dir, name)).isDirectory() ? allFiles(join(dir, name)) : [join(dir, name)],
  );
}

const files = allFiles(src).filter((f) => f.endsWith('.ts'));
const folderOf = (file: string) => relative(src, file).split('/')[0]!;
const layerOf = (file: string) => LAYERS.indexOf(folderOf(file));
const importsOf = (file: string) =>
  [...readFileSync(file, 'utf8').matchAll(/^(?:import|export)\b[^;]*?from '(\.[^']+)'/gm)].map((m) =>
    resolve(dirname(file), m[1]!.replace(/\.js$/, '.ts')),
  );
const graph = new Map(files.map((f) => [f, importsOf(f)]));

/** Every circle in a graph, each as the path that closes it. */
function circles<T>(edges: ReadonlyMap<T, readonly T[]>, name: (t: T) => string): string[] {
  const state = new Map<T, 'open' | 'done'>();
  const found: string[] = [];
  const visit = (node: T, path: T[]) => {
    if (state.get(node) === 'done') return;
    if (state.get(node) === 'open')
      return void found.push([...path.slice(path.indexOf(node)), node].map(name).join(' -> '));
    state.set(node, 'open');
    for (const next of edges.get(node) ?? []) visit(next, [...path, node]);
    state.set(node, 'done');
  };
  for (const node of edges.keys()) visit(node, []);
  return found;
}

describe('the layers of src/', () => {
  it('every folder (and top-level file) of src/ has a layer of its own', () => {
    expect(files.filter((f) => layerOf(f) < 0).map((f) => relative(root, f))).toEqual([]);
    expect(new Set(LAYERS).size).toBe(LAYERS.length);
    expect(LAYERS.filter((l) => !existsSync(join(src, l)))).toEqual([]);
  });

  it('no module imports from a folder of a higher layer', () => {
    const upward = files.flatMap((f) =>
      graph
        .get(f)!
        .filter((t) => layerOf(t) > layerOf(f))
        .map((t) => `${relative(root, f)} -> ${relative(root, t)}`),
    );
    expect(upward).toEqual([]);
  });

  it('no two folders import each other, through any path: the folder graph has no circle', () => {
    const folders = new Map<string, string[]>();
    for (const [f, targets] of graph) {
      const from = folderOf(f);
      folders.set(from, [
        ...new Set([...(folders.get(from) ?? []), ...targets.map(folderOf).filter((t) => t !== from)]),
      ]);
    }
    expect(circles(folders, (f) => f)).toEqual([]);
  });

  it('no module imports another that imports it back, through any path', () => {
    expect(circles(graph, (f) => relative(root, f))).toEqual([]);
  });

  it('README and docs/architecture.md list the same layers, in the same order', () => {
    for (const doc of ['README.md', 'docs/architecture.md']) {
      const text = readFileSync(join(root, doc), 'utf8');
      const rows = [...text.matchAll(/^\| (\d+) \| `src\/([\w.-]+?)\/?` \|/gm)].map(
        (m) => [Number(m[1]), m[2]!] as const,
      );
      expect(
        rows.map(([, folder]) => folder),
        doc,
      ).toEqual(LAYERS);
      expect(
        rows.map(([n]) => n),
        doc,
      ).toEqual(LAYERS.map((_, i) => i));
    }
  });
});

describe('the house as a newcomer reads it', () => {
  it("result types discriminate with 'kind' (not ok or valid); only the CLI's JSON output says ok", () => {
    // JSON output: the line itself or one of the three above it (a call the formatter broke) prints JSON.
    const other = files.flatMap((f) => {
      const lines = readFileSync(f, 'utf8').split('\n');
      return lines
        .map((line, i) => [line, i + 1] as const)
        .filter(
          ([line, n]) =>
            /\b(ok|valid): (true|false|boolean)\b/.test(line) &&
            !/printJson|JSON\.stringify/.test(lines.slice(Math.max(0, n - 4), n).join('\n')),
        )
        .map(([line, n]) => `${relative(root, f)}:${n}: ${line.trim()}`);
    });
    expect(other).toEqual([]);
  });

  it('one way to fail: no stage writes its own failed type, and pipyc bugs are raised by internalError alone', () => {
    const offenders = files.flatMap((f) => {
      const text = readFileSync(f, 'utf8');
      return [
        ...(/\{ kind: 'failed'; diagnostics/.test(text) && !f.endsWith('diagnostics/failed.ts')
          ? ['a hand-written failed type']
          : []),
        ...(/new (Type)?Error\(/.test(text) && !f.endsWith('util/internal-error.ts')
          ? ['new Error( or new TypeError(']
          : []),
      ].map((what) => `${relative(root, f)}: ${what}`);
    });
    expect(offenders).toEqual([]);
  });

  it('comments, templates and docs name only files that exist', () => {
    const docs = [
      'README.md',
      ...readdirSync(join(root, 'docs')).map((d) => `docs/${d}`),
      'bench/README.md',
      'lab/README.md',
    ].map((d) => join(root, d));
    const templates = allFiles(join(root, 'pipy-templates'));
    const stale = [...files, ...templates, ...docs].flatMap((file) => {
      const text = readFileSync(file, 'utf8');
      // Paths of this repository; Pipy's or osm-edge's sources (.cpp, .go, their folders) are elsewhere.
      const named = [
        ...text.matchAll(
          /(?<![\w./-])((?:src|test|bench|lab|scripts|schemas|pipy-templates|golden|examples)\/[\w./-]*\w|(?:[a-z-]+\/)+[a-z-]+\.(?:ts|mjs|hbs|json|md))\b/g,
        ),
      ].map((m) => m[1]!);
      return named
        .filter(
          (name) =>
            !name.includes('*') &&
            !/\.(?:cpp|hpp|go)$/.test(name) &&
            !/^(?:[a-z]+\/)?(?:codebase|modules|repo|client|driver|catalog|apis|injector|filters|api)\//.test(name),
        )
        .filter((name) => ![join(root, name), join(src, name), join(dirname(file), name)].some((p) => existsSync(p)))
        .map((name) => `${relative(root, file)}: ${name}`);
    });
    expect(stale).toEqual([]);
  });
});

describe('the repository stands alone', () => {
  it('no code, template or doc points at files outside it (../shared/...)', () => {
    const docs = [
      'README.md',
      'bench/README.md',
      'lab/README.md',
      ...readdirSync(join(root, 'docs')).map((d) => `docs/${d}`),
    ].map((d) => join(root, d));
    const all = [
      ...files,
      ...allFiles(join(root, 'pipy-templates')),
      ...allFiles(join(root, 'bench')),
      ...allFiles(join(root, 'lab')),
      ...allFiles(join(root, 'test')).filter((f) => f.endsWith('.ts')),
      ...docs,
    ];
    expect(
      [...new Set(all)]
        .filter((f) => f !== fileURLToPath(import.meta.url) && readFileSync(f, 'utf8').includes('../shared/'))
        .map((f) => relative(root, f)),
    ).toEqual([]);
  });
});

describe('protocols: one registry, one home each (docs/architecture.md, "How to add a protocol")', () => {
  const homes = readdirSync(join(src, 'protocols'))
    .filter((d) => statSync(join(src, 'protocols', d)).isDirectory())
    .sort();
  const parts = [REGISTRY.parts.destination, ...REGISTRY.parts.sniffed];
  const partHomes = [...new Set(parts.map((p) => p.home))].sort();

  it('the registry lists exactly the homes, and the spec, the schema and the registry name the same protocols', () => {
    expect(PROTOCOLS.map((h) => h.protocol).sort()).toEqual(homes);
    expect([...POLICY_PROTOCOLS].sort()).toEqual(homes);
    const schema = JSON.parse(readFileSync(join(root, 'schemas/sidecar-spec.schema.json'), 'utf8')) as {
      $defs: Record<string, { properties?: Record<string, { enum?: string[] }> }>;
    };
    const enums = Object.values(schema.$defs).flatMap((d) =>
      d.properties?.Protocol?.enum ? [d.properties.Protocol.enum] : [],
    );
    expect(enums.map((e) => [...e].sort())).toEqual([homes]);
  });

  it("each home holds its protocol; each part's home holds its IR, lowering, tables, explain rule and (sniffed) simulation", () => {
    for (const home of homes) expect(existsSync(join(src, 'protocols', home, 'home.ts')), `${home}/home.ts`).toBe(true);
    for (const part of parts) {
      const own = [
        'ir.ts',
        'lower.ts',
        'tables.ts',
        'explain.ts',
        ...(part.phase === 'sniffed' ? ['simulate.ts', 'wire.ts'] : []),
      ];
      for (const file of own)
        expect(existsSync(join(src, 'protocols', part.home, file)), `protocols/${part.home}/${file}`).toBe(true);
    }
  });

  it("each part's templates are in pipy-templates/protocols/<its home>/, and nothing else is there", () => {
    expect(readdirSync(join(root, 'pipy-templates/protocols')).sort()).toEqual(partHomes);
  });

  it('the stages take their protocols from the registry, handed in by the compile entry points: nothing else reaches into protocols/', () => {
    const offenders = files.flatMap((f) => {
      if (!relative(join(src, 'protocols'), f).startsWith('..')) return [];
      const text = readFileSync(f, 'utf8');
      return [...text.matchAll(/^(import|export)( type)?\b[^;]*?from '(\.[^']+)'/gm)].flatMap((m) => {
        const target = relative(src, resolve(dirname(f), m[3]!.replace(/\.js$/, '.ts')));
        if (!target.startsWith('protocols/')) return [];
        const typesOnly = m[2] !== undefined;
        const allowed = typesOnly
          ? /^protocols\/(part|registry)\.ts$/.test(target)
          : target === 'protocols/registry.ts' && /^(compile|cli)\//.test(relative(src, f));
        return allowed ? [] : [`${relative(root, f)} -> ${target}`];
      });
    });
    expect(offenders).toEqual([]);
  });

  it("no module outside a part's home tests a part's kind: the stages ask the part's hooks", () => {
    const kinds = parts.map((p) => p.kind).join('|');
    const test = new RegExp(`kind\\s*[!=]==?\\s*'(${kinds})'|'(${kinds})'\\s*[!=]==?\\s*\\w*\\.?kind`);
    const outside = files.filter(
      (f) => relative(join(src, 'protocols'), f).startsWith('..') || /protocols\/(part|registry)\.ts$/.test(f),
    );
    expect(outside.filter((f) => test.test(readFileSync(f, 'utf8'))).map((f) => relative(root, f))).toEqual([]);
  });
});

describe('output families: one folder, one template family and one registry line each (docs/architecture.md, "How to add an output family")', () => {
  const familyFolders = readdirSync(join(src, 'outputs'))
    .filter((d) => statSync(join(src, 'outputs', d)).isDirectory())
    .sort();

  it('the registry lists exactly the folders of src/outputs/, of pipy-templates/ (besides runtime/ and protocols/) and of golden/ (besides mesh-objects/ and diff/)', () => {
    const names = OUTPUT_FAMILIES.map((f) => f.name).sort();
    expect(familyFolders).toEqual(names);
    expect(
      readdirSync(join(root, 'pipy-templates'))
        .filter((d) => d !== 'protocols' && d !== 'runtime')
        .sort(),
    ).toEqual(names);
    expect(
      readdirSync(join(root, 'golden'))
        .filter((d) => d !== 'mesh-objects' && d !== 'diff')
        .sort(),
    ).toEqual(names);
    for (const family of OUTPUT_FAMILIES)
      expect(existsSync(join(src, 'outputs', family.name, 'family.ts')), `src/outputs/${family.name}/family.ts`).toBe(
        true,
      );
  });

  it.each(OUTPUT_FAMILIES.map((f) => [f.name, f] as const))(
    '%s declares a dialect for each entry template, its entry is one of them, and it fills every family hook',
    (_name, family) => {
      const dir = join(root, 'pipy-templates', family.name);
      const entries = readdirSync(dir)
        .filter((f) => f.endsWith('.hbs'))
        .map((f) => f.slice(0, -4))
        .sort();
      expect(Object.keys(family.templates.files).sort()).toEqual(entries);
      expect(entries).toContain(family.templates.entry);
      const hooks = readdirSync(join(dir, 'hooks'))
        .map((f) => f.replace(/\.hbs$/, ''))
        .sort();
      expect(hooks).toEqual(Object.keys(FAMILY_HOOKS).sort());
    },
  );

  it("a family's name appears only in its folders, its registry line and the documented library wrappers", () => {
    // The checklist (docs/architecture.md): src/outputs/<name>/, pipy-templates/<name>/, golden/<name>/, one line in
    // src/outputs/registry.ts; optionally a typed library wrapper in src/compile/ with its export line in src/index.ts.
    const wrappers: Record<string, string[]> = {
      sidecar: ['compile/compile-mesh.ts'],
      'osm-edge-plugin': ['compile/compile-osm-edge-plugin.ts', 'index.ts'],
    };
    const strays = OUTPUT_FAMILIES.flatMap((family) =>
      files
        .filter((f) => relative(join(src, 'outputs', family.name), f).startsWith('..'))
        .filter((f) => ![...(wrappers[family.name] ?? []), 'outputs/registry.ts'].includes(relative(src, f)))
        .filter((f) =>
          new RegExp(`(format|name)\\??:? '${family.name}'|=== '${family.name}'|outputs/${family.name}/`).test(
            readFileSync(f, 'utf8'),
          ),
        )
        .map((f) => `${relative(root, f)} names ${family.name}`),
    );
    expect(strays).toEqual([]);
  });
});
