import type { FamilyTemplates } from '../family-files.js';

/**
 * The osm-edge Plugin's script (the pipyscript of a Plugin object, which osm-controller writes to plugins/<name>.js in
 * every sidecar's codebase; it runs inside osm-edge's own sidecar scripts, which load it).
 */
export const OSM_EDGE_PLUGIN_FILES = {
  name: 'osm-edge-plugin',
  templates: { entry: 'plugin.js', files: { 'plugin.js': 'pipyjs' } },
} as const satisfies FamilyTemplates;
