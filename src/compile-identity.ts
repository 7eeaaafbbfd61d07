import { compileParsed, type CompileOptions, type CompileResult, type PipelineResult } from './compile.js';
import { parseValue } from './parse/parse-spec.js';
import { hasErrors, PipycError, uniqueDiagnostics, type Diagnostic } from './diagnostics/diagnostic.js';
import type { GeneratedFile } from './generate/generate.js';
import { manifestFile, MANIFEST_FILE, type Manifest } from './manifest/manifest.js';
import { identityLabel, type Identity, type LoadedObjects, type MeshObject } from './mesh/objects.js';
import { attributeToObjects, MeshIndex, objectFieldNamer, resolveIdentity, type Resolution, type ResolveOptions } from './mesh/resolve-identity.js';
import { PIPYC_VERSION } from './version.js';

/** What to resolve with (`meshCIDRs`) and what to compile for (`target`). */
export type IdentityCompileOptions = ResolveOptions & Pick<CompileOptions, 'target'>;

export interface IdentityCodebase extends CompileResult {
  identity: Identity;
  resolution: Resolution;
}

/**
 * Resolves one ServiceAccount's sidecar spec from mesh objects and compiles it; the manifest records the identity
 * and the objects. Throws PipycError with every problem, each told against the object field it came from. Pure.
 */
export function compileIdentity(objects: LoadedObjects | readonly MeshObject[] | MeshIndex, identity: Identity | string, options: IdentityCompileOptions = {}): IdentityCodebase {
  return compileResolved(resolveIdentity(objects, identity, options), new Map(), options);
}

export interface IdentitiesCodebases {
  /** One entry per identity, in `namespace/name` order; `dir` is `<namespace>/<name>`. */
  identities: { identity: Identity; dir: string; specSha256: string; manifest: Manifest }[];
  /** Every file of every codebase, paths under `<namespace>/<name>/`, then the tree's manifest.json. */
  files: GeneratedFile[];
  warnings: Diagnostic[];
}

export const IDENTITIES_LAYOUT = 'identities';

/**
 * A codebase for every ServiceAccount some Egress names as a source. Identical specs are compiled once. Throws
 * PipycError (every identity's problems) when any identity fails: the tree is whole or not at all.
 */
export function compileAllIdentities(objects: LoadedObjects | readonly MeshObject[] | MeshIndex, options: IdentityCompileOptions = {}): IdentitiesCodebases {
  const index = objects instanceof MeshIndex ? objects : new MeshIndex(objects);
  if (hasErrors(index.diagnostics)) throw new PipycError(index.diagnostics);
  const cache = new Map<string, PipelineResult>();
  const errors: Diagnostic[] = [];
  const warnings: Diagnostic[] = [];
  const result: IdentitiesCodebases = { identities: [], files: [], warnings };
  for (const identity of index.identities()) {
    try {
      const codebase = compileResolved(resolveIdentity(index, identity, options), cache, options);
      const dir = identityLabel(identity);
      result.identities.push({ identity, dir, specSha256: codebase.manifest.specSha256, manifest: codebase.manifest });
      result.files.push(...codebase.files.map((f) => ({ ...f, path: `${dir}/${f.path}` })));
      warnings.push(...codebase.warnings);
    } catch (e) {
      if (!(e instanceof PipycError)) throw e;
      errors.push(...e.diagnostics);
    }
  }
  if (errors.length > 0) throw new PipycError(uniqueDiagnostics(errors));
  const tree = {
    compiler: { name: 'pipyc', version: PIPYC_VERSION },
    layout: IDENTITIES_LAYOUT,
    identities: result.identities.map((i) => ({ identity: identityLabel(i.identity), dir: i.dir, specSha256: i.specSha256 })),
  };
  result.files.push({ path: MANIFEST_FILE, contents: JSON.stringify(tree, null, 2) + '\n' });
  result.warnings = uniqueDiagnostics(warnings);
  return result;
}

/**
 * Identical specs are compiled once (`cache`, by the spec's JSON): equal specs come from the same objects (policy names
 * are the Egress objects' names), so their messages name the same object fields.
 */
function compileResolved(resolution: Resolution, cache: Map<string, PipelineResult>, options: IdentityCompileOptions): IdentityCodebase {
  const attribute = (list: readonly Diagnostic[]) => list.map((d) => attributeToObjects(resolution, d));
  if (!resolution.spec) throw new PipycError(resolution.diagnostics);
  const key = JSON.stringify(resolution.spec);
  let compiled = cache.get(key);
  if (!compiled) {
    const parsed = parseValue(resolution.spec, `<${identityLabel(resolution.identity)}>`, objectFieldNamer(resolution));
    compiled = parsed.kind === 'failed' ? parsed : compileParsed(parsed, options.target);
    cache.set(key, compiled);
  }
  if (compiled.kind === 'failed') throw new PipycError([...resolution.diagnostics, ...attribute(compiled.diagnostics)]);
  const manifest: Manifest = { ...compiled.manifest, source: { identity: identityLabel(resolution.identity), objects: resolution.sources } };
  const files = compiled.files.map((f) => (f.path === MANIFEST_FILE ? manifestFile(manifest) : f));
  return { files, manifest, warnings: [...resolution.diagnostics, ...attribute(compiled.warnings)], identity: resolution.identity, resolution };
}
