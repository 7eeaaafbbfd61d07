import { CheckedShapes } from '../../check/check.js';
import { failed, type Failed } from '../../diagnostics/failed.js';
import { lower } from '../../lower/lower.js';
import type { SidecarModel } from '../../normalize/model.js';
import type { MeshFlavour } from '../../mesh/objects.js';
import type { Target } from '../../sidecar-spec/targets.js';
import type { FamilyParts } from '../family.js';
import { checkFamilyFiles, renderFamily } from '../family-files.js';
import { OSM_EDGE_PLUGIN_FILES } from './files.js';
import { pluginIR, type OsmEdgePluginIR } from './ir.js';

interface PluginScriptInput {
  /** The Plugin object's name. */
  name: string;
  /** Each identity ('namespace/serviceaccount') the plugin knows, with the model of the spec it resolves to. */
  identities: readonly { identity: string; model: SidecarModel }[];
  /** The model of the egress default, for every other identity. */
  fallback: SidecarModel;
  target: Target;
  /** The mesh whose sidecars run it (osm-edge's unless said): what its comments call it. */
  mesh?: MeshFlavour;
}

/** Scripts already checked, by shape: a mesh's plugins differ mostly in their data. Depends only on the scripts' text. */
const checkedShapes = new CheckedShapes();

/** Each identity lowered for its target, one IR for the plugin, its script generated and checked. Pure. */
export function buildPluginScript(
  input: PluginScriptInput,
  parts: FamilyParts,
): { kind: 'built'; script: string; ir: OsmEdgePluginIR } | Failed {
  // The plugin counts every decision in Pipy's metrics, its policy a label (pipy-templates/osm-edge-plugin/hooks/decision-counters.hbs).
  const lowered = (model: SidecarModel) => lower(model, parts.lowerings, input.target, { countsEveryDecision: true });
  const ir = pluginIR(
    input.name,
    input.identities.map(({ identity, model }) => ({ identity, lowered: lowered(model) })),
    lowered(input.fallback),
    parts,
    input.mesh ?? 'osm-edge',
  );
  const files = renderFamily(OSM_EDGE_PLUGIN_FILES, ir, parts.generations);
  const problems = checkFamilyFiles(OSM_EDGE_PLUGIN_FILES, files, checkedShapes);
  return problems.length > 0 ? failed(problems) : { kind: 'built', script: files[0]!.contents, ir };
}
