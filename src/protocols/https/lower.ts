import { buildHostTable, hostIpTables } from '../../lower/host-table.js';
import type { PartLoweringHooks } from '../../lower/part-lowering.js';
import type { TlsPartIR, TlsPlanIR } from './ir.js';
import { TLS_DETECTS } from './wire.js';

/** Bytes a TLS client may send before its ClientHello is complete; beyond that the connection is reset. */
const MAX_CLIENT_HELLO_BYTES = 65536;

/** https policies by SNI (then destination IP); where several allow a name, the first by name is credited. */
export const tlsLowering: PartLoweringHooks<TlsPartIR, TlsPlanIR> = {
  plan: () => ({
    kind: 'tls',
    phase: 'sniffed',
    used: false,
    detects: [...TLS_DETECTS],
    requests: false,
    maxClientHelloBytes: MAX_CLIENT_HELLO_BYTES,
  }),
  lower: (policies) => ({ kind: 'tls', table: buildHostTable(policies, (ps) => ps[0]!.name, null) }),
  ipTables: (ir) => hostIpTables(ir.table),
  merge: (plans) => ({
    ...plans[0]!,
    used: plans.some((p) => p.used),
    maxClientHelloBytes: Math.max(...plans.map((p) => p.maxClientHelloBytes)),
  }),
  decidesByName: () => false,
};
