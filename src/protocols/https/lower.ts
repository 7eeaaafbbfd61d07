import type { PartLowering } from '../../lower/part-lowering.js';
import { buildHostTable } from '../../lower/host-table.js';
import { TLS_DETECTS } from './wire.js';

/** https policies by SNI (then destination IP); where several allow a name, the first by name is credited. */
export const tlsLowering: Pick<PartLowering, 'plan' | 'lower'> = {
  plan: () => ({ kind: 'tls', phase: 'sniffed', used: false, detects: [...TLS_DETECTS] }),
  lower: (policies) => ({ kind: 'tls', table: buildHostTable(policies, (ps) => ps[0]!.name, null) }),
};
