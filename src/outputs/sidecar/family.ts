import type { OutputFamily } from '../family.js';
import { assembleSidecars } from './assembly.js';
import { buildCodebase } from './build.js';
import { SIDECAR_FILES } from './files.js';

/**
 * The standalone sidecar: a codebase Pipy runs as the pod's whole outbound proxy, for Pipy 1.5 or 0.90 (the target),
 * from a spec or one per identity of a mesh's objects. It tells in-mesh traffic from egress by MeshCIDRs and takes the
 * MeshConfig's enableEgress; its manifest.json says how to run it.
 */
export const SIDECAR: OutputFamily = {
  ...SIDECAR_FILES,
  aliases: [],
  writes: 'codebases',
  summary: "a standalone sidecar: the codebase Pipy runs as the pod's whole outbound proxy",
  resolution: () => ({ kind: 'whole-proxy' }),
  defaultTarget: { spec: 'pipy-1.5', 'osm-edge': 'pipy-1.5', fsm: 'pipy-1.5' },
  buildSpec: buildCodebase,
  needsDefault: () => false,
  assemble: assembleSidecars,
};
