import type { IpAddress } from '../net/ip.js';
import type { NormalizedPolicy } from '../normalize/model.js';
import type { Probe } from './probe.js';

/** forward; reset (the connection is refused); http-403 or grpc-denied (one request is answered by the sidecar). */
export type Outcome = 'forward' | 'reset' | 'http-403' | 'grpc-denied';

/** A part's answer: explain() adds the protocol and names the policy. */
export interface PartVerdict {
  allow: boolean;
  outcome: Outcome;
  reason: string;
  policy: NormalizedPolicy | null;
}

/**
 * explain()'s rule for a part decided from the destination alone: the policy that allows `ip` among the port's
 * policies of this part (most specific first), else null, and the reasons it gives for either.
 */
export interface DestinationDecision {
  allowReason: string;
  /** When no policy of this part allows the address and the port has nothing to sniff. */
  refusalReason: string;
  allowedBy(policies: readonly NormalizedPolicy[], ip: IpAddress): NormalizedPolicy | null;
}

/** explain()'s rule for a sniffed part: the port's policies of this part (never empty) and what the client sent. */
export interface SniffedDecision {
  decide(policies: readonly NormalizedPolicy[], probe: Probe, ip: IpAddress, port: number): PartVerdict;
}
