import type { OutputFamily } from '../family.js';

/**
 * An osm-edge Plugin: one script (the pipyscript of a Plugin object, which osm-controller writes to
 * plugins/<name>.js in every sidecar's codebase) that decides egress inside osm-edge's own sidecar, mounted on its
 * outbound chains by a PluginChain. docs/osm-edge-plugin.md.
 */
export const OSM_EDGE_PLUGIN = {
  name: 'osm-edge-plugin',
  entry: 'plugin.js',
  files: { 'plugin.js': 'pipyjs' },
} as const satisfies OutputFamily;
