import type { PartIR, SniffedPlan } from '../../ir/parts.js';
import type { HostTableIR } from '../../ir/tables.js';

/** https policies by SNI. Value: the credited policy. */
export interface TlsPartIR extends PartIR {
  kind: 'tls';
  table: HostTableIR<string>;
}

export interface TlsPlanIR extends SniffedPlan {
  kind: 'tls';
  /** Bytes a client may send before its ClientHello is complete; beyond that the connection is reset. */
  maxClientHelloBytes: number;
}
