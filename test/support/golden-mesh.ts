import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { formatDiagnostic, type Diagnostic } from '../../src/index.js';
import { compileIdentity } from '../../src/compile-identity.js';
import { loadObjects } from '../../src/mesh/load-objects.js';
import { identityLabel } from '../../src/mesh/objects.js';
import { MeshIndex, resolveIdentity } from '../../src/mesh/resolve-identity.js';
import { annotatedYaml } from '../../src/mesh/resolution-yaml.js';
import { PipycError } from '../../src/diagnostics/diagnostic.js';
import { GOLDEN_ROOT } from './golden.js';

export const MESH_CASES = 'mesh-objects';

export function meshGoldenCases(): string[] {
  return readdirSync(join(GOLDEN_ROOT, MESH_CASES)).sort().map((name) => `${MESH_CASES}/${name}`);
}

/**
 * What a mesh case produces: for each identity (case.yaml's `identities`, else every one an Egress names), the
 * resolved spec as `pipyc resolve` prints it and the diagnostics of compiling it, and for those case.yaml lists under
 * `compiled` the whole codebase (<namespace>.<name>/...); load errors go to errors.txt.
 */
export function produceMesh(caseName: string): Record<string, string> {
  const dir = join(GOLDEN_ROOT, caseName);
  const files = readdirSync(dir).filter((f) => /\.(ya?ml|json)$/.test(f) && f !== 'case.yaml').sort();
  const sources = files.map((f) => ({ name: `golden/${caseName}/${f}`, text: readFileSync(join(dir, f), 'utf8') }));
  const options = (readdirSync(dir).includes('case.yaml') ? parse(readFileSync(join(dir, 'case.yaml'), 'utf8')) : {}) as { identities?: string[]; meshCIDRs?: string[]; compiled?: string[]; allowUnknownIdentity?: boolean };
  const texts = new Map(sources.map((s) => [s.name, s.text]));
  const render = (ds: readonly Diagnostic[]) =>
    ds.map((d) => formatDiagnostic(d, { sourceName: 'pipyc', ...(d.position && texts.has(d.position.file) && { sourceText: texts.get(d.position.file)! }) }) + '\n').join('');
  const loaded = loadObjects(sources);
  const out: Record<string, string> = {};
  if (loaded.diagnostics.length > 0) out['load.txt'] = render(loaded.diagnostics);
  if (loaded.diagnostics.some((d) => d.severity === 'error')) return out;
  const index = new MeshIndex(loaded);
  const identities = options.identities ?? index.identities().map(identityLabel);
  for (const identity of identities) {
    const name = identity.replace('/', '.');
    const resolution = resolveIdentity(index, identity, { meshCIDRs: options.meshCIDRs ?? [], allowUnknownIdentity: options.allowUnknownIdentity ?? false });
    if (resolution.spec) out[`${name}.spec.yaml`] = annotatedYaml(resolution);
    try {
      const compiled = compileIdentity(index, identity, { meshCIDRs: options.meshCIDRs ?? [], allowUnknownIdentity: options.allowUnknownIdentity ?? false });
      if (compiled.warnings.length > 0) out[`${name}.warnings.txt`] = render(compiled.warnings);
      if (options.compiled?.includes(identity)) for (const f of compiled.files) out[`${name}/${f.path}`] = f.contents;
    } catch (e) {
      if (!(e instanceof PipycError)) throw e;
      out[`${name}.errors.txt`] = render(e.diagnostics);
    }
  }
  return out;
}
