import type { FamilyTemplates } from '../family-files.js';

/**
 * The standalone sidecar's codebase: main.js (the code specialised to the spec), egress-tables.txt (its data), and
 * generation.txt, derived from both, which names them for a sidecar that reloads. Pipy loads main.js.
 */
export const SIDECAR_FILES = {
  name: 'sidecar',
  templates: {
    entry: 'main.js',
    files: { 'main.js': 'pipyjs', 'egress-tables.txt': 'tables' },
    derived: { 'generation.txt': 'tables' },
  },
} as const satisfies FamilyTemplates;
