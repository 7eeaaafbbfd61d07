import { createTwoFilesPatch } from 'diff';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { parse as parseYaml } from 'yaml';
import {
  compileObjects,
  compileIdentity,
  compileSource,
  formatDiagnostic,
  loadObjects,
  MeshIndex,
  PipycError,
  resolveIdentity,
  annotatedYaml,
  diffMeshes,
  diffSpecs,
  diffText,
  type Diagnostic,
  type Probe,
  type FamilyOutput,
  type ObjectsCompileOptions,
  type SpecSource,
  type Target,
} from '../../src/index.js';
import { identityLabel } from '../../src/mesh/objects.js';
import { familyNamed, OUTPUT_FAMILIES } from '../../src/outputs/registry.js';

export const GOLDEN_ROOT = new URL('../../golden/', import.meta.url).pathname;
export const UPDATE = process.env.UPDATE_GOLDEN === '1';

/** The cases of mesh objects resolved into specs (the input stage's goldens). */
export const MESH_CASES = 'mesh-objects';
/** The cases of `pipyc diff`: two specs (from.yaml, to.yaml) or two sets of objects (from/, to/). */
export const DIFF_CASES = 'diff';

/**
 * Every golden case, as a path under golden/: each output family's (golden/<family>/<case>/, a spec or a mesh's
 * objects in, what the family makes out) and the resolutions (golden/mesh-objects/<case>/). One folder per case:
 * its input, its options (options.yaml for a spec, case.yaml for objects) and expected/.
 */
export function allGoldenCases(): string[] {
  return [...OUTPUT_FAMILIES.map((f) => f.name), MESH_CASES, DIFF_CASES].flatMap((group) => casesIn(group));
}

/** The cases that compile a spec (golden/<family>/<case>/spec.yaml): paths under golden/. */
export function goldenCases(): string[] {
  return allGoldenCases().filter((c) => existsSync(join(GOLDEN_ROOT, c, 'spec.yaml')));
}

function casesIn(group: string): string[] {
  const dir = join(GOLDEN_ROOT, group);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((c) => statSync(join(dir, c)).isDirectory())
    .sort()
    .map((c) => `${group}/${c}`);
}

/** What a case produces, by its kind: a spec's codebase, a family's output for objects, or the resolutions. */
export function produce(caseName: string): Record<string, string> {
  const group = caseName.split('/')[0]!;
  if (group === MESH_CASES) return produceResolutions(caseName);
  if (group === DIFF_CASES) return produceDiff(caseName);
  if (existsSync(join(GOLDEN_ROOT, caseName, 'spec.yaml'))) return produceSpec(caseName);
  return produceObjects(caseName, group);
}

/** The texts of a case's object files (every *.yaml, *.json but case.yaml), named as the messages name them. */
function objectSources(caseName: string): SpecSource[] {
  const dir = join(GOLDEN_ROOT, caseName);
  return readdirSync(dir)
    .filter((f) => /\.(ya?ml|json)$/.test(f) && f !== 'case.yaml')
    .sort()
    .map((f) => ({ name: `golden/${caseName}/${f}`, text: readFileSync(join(dir, f), 'utf8') }));
}

function caseOptions<T>(caseName: string, file: string): T {
  const path = join(GOLDEN_ROOT, caseName, file);
  return (existsSync(path) ? parseYaml(readFileSync(path, 'utf8')) : {}) as T;
}

/** Diagnostics as the CLI prints them; one without a position is named as `unplaced` (the spec, or pipyc). */
function renderer(sources: readonly SpecSource[], unplaced = 'pipyc'): (ds: readonly Diagnostic[]) => string {
  const texts = new Map(sources.map((s) => [s.name, s.text]));
  return (ds) =>
    ds
      .map(
        (d) =>
          formatDiagnostic(d, {
            sourceName: unplaced,
            ...(d.position && texts.has(d.position.file) && { sourceText: texts.get(d.position.file)! }),
          }) + '\n',
      )
      .join('');
}

/**
 * `pipyc diff` of the case's two sides as text and JSON (case.yaml: format, egressDefault, audit, meshCIDRs;
 * probes.yaml: the probes whose verdicts may flip), or errors.txt.
 */
function produceDiff(caseName: string): Record<string, string> {
  const dir = join(GOLDEN_ROOT, caseName);
  const read = (file: string) => ({ name: `golden/${caseName}/${file}`, text: readFileSync(join(dir, file), 'utf8') });
  const options = caseOptions<Pick<ObjectsCompileOptions, 'format' | 'egressDefault' | 'audit' | 'meshCIDRs'>>(
    caseName,
    'case.yaml',
  );
  const probes = existsSync(join(dir, 'probes.yaml'))
    ? (parseYaml(readFileSync(join(dir, 'probes.yaml'), 'utf8')) as Probe[])
    : [];
  const specs = existsSync(join(dir, 'from.yaml'));
  const sides = specs
    ? [read('from.yaml'), read('to.yaml')]
    : [objectSources(`${caseName}/from`), objectSources(`${caseName}/to`)];
  try {
    const result = specs
      ? diffSpecs(sides[0] as SpecSource, sides[1] as SpecSource, probes)
      : diffMeshes(
          loadObjects(sides[0] as SpecSource[]),
          loadObjects(sides[1] as SpecSource[]),
          familyOf(options.format ?? 'sidecar').resolution(options),
          options,
          probes,
        );
    const names = specs ? ['from.yaml', 'to.yaml'] : ['from/', 'to/'];
    return {
      'diff.txt': diffText(result, `golden/${caseName}/${names[0]}`, `golden/${caseName}/${names[1]}`),
      'diff.json': JSON.stringify({ differs: result.diffs.length > 0, identities: result.diffs }, null, 2) + '\n',
    };
  } catch (e) {
    if (!(e instanceof PipycError)) throw e;
    return { 'errors.txt': renderer(sides.flat())(e.diagnostics) };
  }
}

function familyOf(format: string) {
  return familyNamed(format)!;
}

/** A spec's codebase, plus warnings.txt, or (for a rejected spec) errors.txt. */
function produceSpec(caseName: string): Record<string, string> {
  const source = {
    name: `golden/${caseName}/spec.yaml`,
    text: readFileSync(join(GOLDEN_ROOT, caseName, 'spec.yaml'), 'utf8'),
  };
  const render = renderer([source], source.name);
  const result = compileSource(source, caseOptions<{ target?: Target }>(caseName, 'options.yaml'));
  if (result.kind === 'failed') return { 'errors.txt': render(result.diagnostics) };
  const out: Record<string, string> = Object.fromEntries(result.files.map((f) => [f.path, f.contents]));
  if (result.warnings.length > 0) out['warnings.txt'] = render(result.warnings);
  return out;
}

/** What the family makes of a mesh's objects (case.yaml: the options), plus warnings.txt, or errors.txt. */
function produceObjects(caseName: string, format: string): Record<string, string> {
  const sources = objectSources(caseName);
  const render = renderer(sources);
  let output: FamilyOutput;
  try {
    output = compileObjects(loadObjects(sources), {
      ...caseOptions<ObjectsCompileOptions>(caseName, 'case.yaml'),
      format,
    });
  } catch (e) {
    if (!(e instanceof PipycError)) throw e;
    return { 'errors.txt': render(e.diagnostics) };
  }
  const files =
    output.kind === 'objects'
      ? { 'objects.yaml': output.yaml }
      : Object.fromEntries(output.files.map((f) => [f.path, f.contents]));
  return { ...files, ...(output.warnings.length > 0 && { 'warnings.txt': render(output.warnings) }) };
}

/**
 * For each identity (case.yaml's `identities`, else every one an Egress names), the resolved spec as `pipyc resolve`
 * prints it and the diagnostics of compiling it, and for those case.yaml lists under `compiled` the whole codebase
 * (<namespace>.<name>/...); load problems go to load.txt.
 */
function produceResolutions(caseName: string): Record<string, string> {
  const sources = objectSources(caseName);
  const options = caseOptions<{
    identities?: string[];
    meshCIDRs?: string[];
    compiled?: string[];
    allowUnknownIdentity?: boolean;
    audit?: string[];
  }>(caseName, 'case.yaml');
  const render = renderer(sources);
  const loaded = loadObjects(sources);
  const out: Record<string, string> = {};
  if (loaded.diagnostics.length > 0) out['load.txt'] = render(loaded.diagnostics);
  if (loaded.diagnostics.some((d) => d.severity === 'error')) return out;
  const index = new MeshIndex(loaded);
  const resolveOptions = {
    meshCIDRs: options.meshCIDRs ?? [],
    allowUnknownIdentity: options.allowUnknownIdentity ?? false,
    ...(options.audit && { audit: options.audit }),
  };
  for (const identity of options.identities ?? index.identities().map(identityLabel)) {
    const name = identity.replace('/', '.');
    const resolution = resolveIdentity(index, identity, resolveOptions);
    if (resolution.spec) out[`${name}.spec.yaml`] = annotatedYaml(resolution);
    try {
      const compiled = compileIdentity(index, identity, resolveOptions);
      if (compiled.warnings.length > 0) out[`${name}.warnings.txt`] = render(compiled.warnings);
      if (options.compiled?.includes(identity)) for (const f of compiled.files) out[`${name}/${f.path}`] = f.contents;
    } catch (e) {
      if (!(e instanceof PipycError)) throw e;
      out[`${name}.errors.txt`] = render(e.diagnostics);
    }
  }
  return out;
}

export function readExpected(caseName: string): Record<string, string> {
  const root = join(GOLDEN_ROOT, caseName, 'expected');
  const out: Record<string, string> = {};
  const walk = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir).sort()) {
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
      createTwoFilesPatch(
        `golden/${caseName}/expected/${p}`,
        `(compiled) ${p}`,
        expected[p] ?? '',
        actual[p] ?? '',
        expected[p] === undefined ? 'missing' : '',
        actual[p] === undefined ? 'not produced' : '',
        { context: 2 },
      ),
    )
    .join('\n');
}
