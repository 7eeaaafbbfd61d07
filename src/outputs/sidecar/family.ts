import type { OutputFamily } from '../family.js';

/**
 * The standalone sidecar: a codebase Pipy runs as the pod's whole outbound proxy (main.js, the code specialised to the
 * spec, egress-tables.txt, its data, and generation.txt, which names both for a sidecar that reloads), for Pipy 1.5 or
 * 0.90 (the target). Its manifest.json says how to run it.
 */
export const SIDECAR = {
  name: 'sidecar',
  entry: 'main.js',
  files: { 'main.js': 'pipyjs', 'egress-tables.txt': 'tables' },
  derived: { 'generation.txt': 'tables' },
} as const satisfies OutputFamily;
