import { PipycError } from '../diagnostics/diagnostic.js';
import type { MeshFlavour } from '../mesh/objects.js';
import type { OsmEdgePluginOutput } from '../outputs/osm-edge-plugin/assembly.js';
import { buildPluginScript } from '../outputs/osm-edge-plugin/build.js';
import { OSM_EDGE_PLUGIN } from '../outputs/osm-edge-plugin/family.js';
import type { FamilyRequest } from '../outputs/family.js';
import { parseValue } from '../parse/parse-spec.js';
import type { Target } from '../sidecar-spec/targets.js';
import type { SidecarSpec } from '../sidecar-spec/types.js';
import { compileObjects, type MeshInput } from './compile-mesh.js';
import { familyParts, frontEnd, PIPELINE } from './front-end.js';

export type OsmEdgePluginOptions = Pick<
  FamilyRequest,
  'identity' | 'egressDefault' | 'target' | 'allowUnknownIdentity' | 'audit'
>;

export type OsmEdgePlugin = Pick<OsmEdgePluginOutput, 'objects' | 'yaml' | 'plugins' | 'warnings'>;

/**
 * osm-edge Plugins that decide each identity's egress inside osm-edge's own sidecars (docs/osm-edge-plugin.md):
 * compileObjects with the osm-edge-plugin format. Throws PipycError with every problem, each told against the object
 * field it came from; nothing touches the disk.
 */
export function compileOsmEdgePlugin(objects: MeshInput, options: OsmEdgePluginOptions = {}): OsmEdgePlugin {
  const {
    objects: made,
    yaml,
    plugins,
    warnings,
  } = compileObjects(objects, { ...options, format: OSM_EDGE_PLUGIN.name }) as OsmEdgePluginOutput;
  return { objects: made, yaml, plugins, warnings };
}

/**
 * One Plugin's script from specs (each identity's, and the egress default's), through the one front end: for the
 * tests and benchmarks that run a plugin without building Kubernetes objects. Throws PipycError on a bad spec.
 */
export function osmEdgePluginScript(input: {
  name: string;
  identities: readonly { identity: string; spec: SidecarSpec }[];
  fallback: SidecarSpec;
  target: Target;
  /** The mesh whose sidecars run it (osm-edge's unless said). */
  mesh?: MeshFlavour;
}): string {
  const modelOf = (spec: SidecarSpec) => {
    const model = frontEnd(parseValue(spec), PIPELINE.protocols);
    if (model.kind === 'failed') throw new PipycError(model.diagnostics);
    return model.model;
  };
  const identities = input.identities.map(({ identity, spec }) => ({ identity, model: modelOf(spec) }));
  const built = buildPluginScript(
    { name: input.name, identities, fallback: modelOf(input.fallback), target: input.target, mesh: input.mesh },
    familyParts(PIPELINE.protocols),
  );
  if (built.kind === 'failed') throw new PipycError(built.diagnostics);
  return built.script;
}
