import { CheckedShapes } from '../../check/check.js';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { generate } from '../../generate/generate.js';
import type { OsmEdgePluginIR } from '../../ir/osm-edge-plugin.js';
import { lower } from '../../lower/lower.js';
import type { SidecarModel } from '../../normalize/model.js';
import { PART_LOWERINGS } from '../../protocols/registry.js';
import type { Target } from '../../sidecar-spec/targets.js';
import { checkFamilyFiles, familyTemplates } from '../family.js';
import { OSM_EDGE_PLUGIN } from './family.js';
import { pluginIR } from './plugin-ir.js';

export interface PluginScriptInput {
  /** The Plugin object's name. */
  name: string;
  /** Each identity ('namespace/serviceaccount') the plugin knows, with the model of the spec it resolves to. */
  identities: readonly { identity: string; model: SidecarModel }[];
  /** The model of the egress default, for every other identity. */
  fallback: SidecarModel;
  target: Target;
}

export type PluginScript = { kind: 'built'; script: string; ir: OsmEdgePluginIR } | { kind: 'failed'; diagnostics: Diagnostic[] };

/** Scripts already checked, by shape: a mesh's plugins differ mostly in their data. Depends only on the scripts' text. */
const checkedShapes = new CheckedShapes();

/** Each identity lowered for its target, one IR for the plugin, its script generated and checked. Pure. */
export function buildPluginScript(input: PluginScriptInput): PluginScript {
  const lowered = (model: SidecarModel) => lower(model, PART_LOWERINGS, input.target);
  const ir = pluginIR(input.name, input.identities.map(({ identity, model }) => ({ identity, ir: lowered(model) })), lowered(input.fallback));
  const files = generate(ir, familyTemplates(OSM_EDGE_PLUGIN), OSM_EDGE_PLUGIN.entry);
  const problems = checkFamilyFiles(OSM_EDGE_PLUGIN, files, checkedShapes);
  return problems.length > 0 ? { kind: 'failed', diagnostics: problems } : { kind: 'built', script: files[0]!.contents, ir };
}
