import type { OutputFamily } from './family.js';
import { OSM_EDGE_PLUGIN } from './osm-edge-plugin/family.js';
import { SIDECAR } from './sidecar/family.js';

/** Every output family, each with its templates in pipy-templates/<name>/ and its driver in src/outputs/<name>/. */
export const OUTPUT_FAMILIES: readonly OutputFamily[] = [SIDECAR, OSM_EDGE_PLUGIN];
