import type { OutputFamily } from '../family.js';

/**
 * The standalone sidecar: a codebase Pipy runs as the pod's whole outbound proxy (main.js, the code specialised to the
 * spec, and egress-tables.txt, its data), for Pipy 1.5 or 0.90 (the target). Its manifest.json says how to run it.
 */
export const SIDECAR = {
  name: 'sidecar',
  entry: 'main.js',
  files: { 'main.js': 'pipyjs', 'egress-tables.txt': 'tables' },
} as const satisfies OutputFamily;
