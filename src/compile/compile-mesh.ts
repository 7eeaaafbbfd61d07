import { error, hasErrors, PipycError, uniqueDiagnostics, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { Identity, LoadedObjects, MeshObject } from '../mesh/objects.js';
import { identityLabel } from '../mesh/objects.js';
import {
  attributeToObjects,
  MeshIndex,
  objectFieldNamer,
  parseIdentity,
  resolveIdentity,
  unlistedSpec,
  type Resolution,
} from '../mesh/resolve-identity.js';
import type { SidecarModel } from '../normalize/model.js';
import {
  answersTo,
  type CodebaseOutput,
  type FamilyOutput,
  type FamilyRequest,
  type OutputFamily,
  type TreeOutput,
} from '../outputs/family.js';
import { parseValue } from '../parse/parse-spec.js';
import { familyParts, frontEnd, PIPELINE, type ModelResult, type Pipeline } from './front-end.js';

/** A mesh's objects, as loadObjects returns them, as a list, or indexed once for many calls. */
export type MeshInput = LoadedObjects | readonly MeshObject[] | MeshIndex;

/** What to compile a mesh's objects to (`format`, an output family's name; default the standalone sidecar) and how. */
export interface ObjectsCompileOptions extends FamilyRequest {
  format?: string;
}

/**
 * The objects in, the output `format` asks for out: each identity asked for (or every one an Egress names) resolved
 * as that family reads objects, through the one front end, then the family's assembly. Throws PipycError with every
 * problem, each told against the object field it came from. Pure.
 */
export function compileObjects(objects: MeshInput, options: ObjectsCompileOptions = {}): FamilyOutput {
  return compileMesh(objects, options, PIPELINE).output;
}

/** compileObjects for a pipeline's registries, with each identity's resolution (for the entry points that return it). */
function compileMesh(
  objects: MeshInput,
  options: ObjectsCompileOptions,
  pipeline: Pipeline,
): { output: FamilyOutput; resolutions: Resolution[] } {
  const family = familyOf(options.format ?? 'sidecar', pipeline);
  const index = objects instanceof MeshIndex ? objects : new MeshIndex(objects);
  if (hasErrors(index.diagnostics)) throw new PipycError(index.diagnostics);
  const mode = family.resolution(options);
  const who: Identity[] = options.identity !== undefined ? [parseIdentity(options.identity)] : index.identities();
  const models = new Map<string, ModelResult>();
  const modelOf = (spec: unknown, name: string, namer?: Parameters<typeof parseValue>[2]): ModelResult => {
    const key = JSON.stringify(spec);
    let model = models.get(key);
    if (!model) models.set(key, (model = frontEnd(parseValue(spec, name, namer), pipeline.protocols)));
    return model;
  };
  const errors: Diagnostic[] = [];
  const identities: { identity: string; resolution: Resolution; model: SidecarModel; warnings: Diagnostic[] }[] = [];
  for (const identity of who) {
    const resolution = resolveIdentity(index, identity, {
      mode,
      ...(options.meshCIDRs && { meshCIDRs: options.meshCIDRs }),
      ...(options.allowUnknownIdentity && { allowUnknownIdentity: true }),
      ...(options.audit && { audit: options.audit }),
      ...(options.logLevel && { logLevel: options.logLevel }),
    });
    const attribute = (list: readonly Diagnostic[]) => list.map((d) => attributeToObjects(resolution, d));
    // Equal specs come from the same objects (policy names are the Egress objects' names): their messages name the same fields.
    const model =
      resolution.spec === undefined
        ? undefined
        : modelOf(resolution.spec, `<${identityLabel(identity)}>`, objectFieldNamer(resolution));
    if (model === undefined || model.kind === 'failed') {
      errors.push(...resolution.diagnostics, ...(model ? attribute(model.diagnostics) : []));
      continue;
    }
    identities.push({
      identity: identityLabel(identity),
      resolution,
      model: model.model,
      warnings: [...resolution.diagnostics, ...attribute(model.warnings)],
    });
  }
  if (errors.length > 0) throw new PipycError(uniqueDiagnostics(errors));
  let fallback: SidecarModel | null = null;
  const namespaces = new Map<string, SidecarModel>();
  if (family.needsDefault(options)) {
    const defaultOf = (namespace: string | null) => {
      const model = modelOf(
        unlistedSpec(index, mode, namespace, options.audit, options.logLevel),
        `<egress default ${mode.kind === 'egress-only' ? mode.egressDefault : 'of the mesh'}${namespace === null ? '' : ` in ${namespace}`}>`,
      );
      if (model.kind === 'failed') throw new PipycError(model.diagnostics);
      return model.model;
    };
    fallback = defaultOf(null);
    const all = [...who.map((w) => w.namespace), ...(options.identity === undefined ? index.namespaces : [])];
    for (const namespace of all) if (!namespaces.has(namespace)) namespaces.set(namespace, defaultOf(namespace));
  }
  const target = options.target ?? family.defaultTarget[index.flavour];
  const input = {
    request: options,
    target,
    settings: index.settings,
    meshNamespace: index.meshNamespace(),
    mesh: index.flavour,
    identities,
    fallback,
    namespaces,
  };
  const output = family.assemble(input, familyParts(pipeline.protocols));
  if (output.kind === 'failed') throw new PipycError(output.diagnostics);
  return { output, resolutions: identities.map((i) => i.resolution) };
}

function familyOf(format: string, pipeline: Pipeline): OutputFamily {
  const family = pipeline.families.find((f) => answersTo(f, format));
  if (family) return family;
  throw new PipycError([
    error(
      'PIPYC6009',
      `no output format ${JSON.stringify(format)}`,
      undefined,
      `one of ${pipeline.families.map((f) => f.name).join(', ')}`,
    ),
  ]);
}

/** What to resolve with (`meshCIDRs`, `allowUnknownIdentity`, `audit`) and what to compile for (`target`). */
export type IdentityCompileOptions = Pick<FamilyRequest, 'meshCIDRs' | 'allowUnknownIdentity' | 'target' | 'audit'>;

export interface IdentityCodebase extends Omit<CodebaseOutput, 'kind'> {
  identity: Identity;
  resolution: Resolution;
}

/**
 * Resolves one ServiceAccount's sidecar spec from mesh objects and compiles it; the manifest records the identity
 * and the objects. Throws PipycError with every problem, each told against the object field it came from. Pure.
 */
export function compileIdentity(
  objects: MeshInput,
  identity: Identity | string,
  options: IdentityCompileOptions = {},
): IdentityCodebase {
  const name = typeof identity === 'string' ? identity : identityLabel(identity);
  const { output, resolutions } = compileMesh(objects, { ...options, identity: name, format: 'sidecar' }, PIPELINE);
  const { kind: _kind, ...codebase } = output as CodebaseOutput;
  return { ...codebase, identity: resolutions[0]!.identity, resolution: resolutions[0]! };
}

export type IdentitiesCodebases = Omit<TreeOutput, 'kind'>;

/**
 * A codebase for every ServiceAccount some Egress names as a source. Identical specs are compiled once. Throws
 * PipycError (every identity's problems) when any identity fails: the tree is whole or not at all.
 */
export function compileAllIdentities(objects: MeshInput, options: IdentityCompileOptions = {}): IdentitiesCodebases {
  const { kind: _kind, ...tree } = compileObjects(objects, { ...options, format: 'sidecar' }) as TreeOutput;
  return tree;
}
