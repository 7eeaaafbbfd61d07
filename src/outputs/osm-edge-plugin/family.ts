import type { OutputFamily } from '../family.js';
import { assemblePlugins } from './assembly.js';
import { OSM_EDGE_PLUGIN_FILES } from './files.js';

/**
 * osm-edge Plugin and PluginChain objects: a script that decides only egress inside osm-edge's own sidecar, mounted on
 * its outbound chains, one per namespace and one for every other namespace (the egress default). osm-edge tells
 * in-mesh traffic from egress; every Egress applies; what no policy allows gets the egress default.
 * docs/osm-edge-plugin.md.
 */
export const OSM_EDGE_PLUGIN: OutputFamily = {
  ...OSM_EDGE_PLUGIN_FILES,
  // The same Plugin API serves fsm, osm-edge's successor: `plugin` names it for either mesh.
  aliases: ['plugin'],
  writes: 'objects',
  summary:
    "Plugins that decide egress inside osm-edge's (or fsm's) own sidecars, also --format plugin (docs/osm-edge-plugin.md)",
  resolution: (request) => ({ kind: 'egress-only', egressDefault: request.egressDefault ?? 'deny' }),
  // osm-edge's sidecar image runs Pipy 0.90.3; a plugin for it needs the 0.90 target.
  // fsm's sidecar image runs Pipy 1.5.14.
  defaultTarget: { spec: 'pipy-0.90', 'osm-edge': 'pipy-0.90', fsm: 'pipy-1.5' },
  needsDefault: () => true,
  assemble: assemblePlugins,
};
