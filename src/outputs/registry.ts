import { answersTo, type OutputFamily } from './family.js';
import { OSM_EDGE_PLUGIN } from './osm-edge-plugin/family.js';
import { SIDECAR } from './sidecar/family.js';

/** Every output family (src/outputs/<name>/, pipy-templates/<name>/, golden/<name>/): the one list the CLI and the library dispatch on. */
export const OUTPUT_FAMILIES: readonly OutputFamily[] = [SIDECAR, OSM_EDGE_PLUGIN];

/** The output formats (--format, compileObjects' `format`), in the registry's order, each family's aliases after it. */
export const OUTPUT_FORMATS: readonly string[] = OUTPUT_FAMILIES.flatMap((f) => [f.name, ...f.aliases]);

/** The family a format names (its name or an alias), if any. */
export function familyNamed(format: string): OutputFamily | undefined {
  return OUTPUT_FAMILIES.find((f) => answersTo(f, format));
}
