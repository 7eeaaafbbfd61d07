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
  /** The request asks to upgrade the connection (its Upgrade header, lower case): what explain() then says of it. */
  upgrade?: string;
}

/**
 * explain()'s rule for a part decided from the destination alone: among the port's policies of this part, the one
 * that allows `ip` (most specific first), or none, with the reason. `names`: what the DNS proxy learned, null without one.
 */
export interface DestinationDecision {
  decide(
    policies: readonly NormalizedPolicy[],
    ip: IpAddress,
    names: LearnedNames | null,
  ): { policy: NormalizedPolicy | null; reason: string };
}

/** The names the sidecar's DNS proxy resolved to the destination: live (within TTL) and expired, each in learning order. */
export interface LearnedNames {
  live: string[];
  expired: string[];
}

/** explain()'s rule for a sniffed part: the port's policies of this part (never empty) and what the client sent. */
export interface SniffedDecision {
  decide(policies: readonly NormalizedPolicy[], probe: Probe, ip: IpAddress, port: number): PartVerdict;
}
