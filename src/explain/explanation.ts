import type { Outcome } from '../decision/part-decision.js';
import { CONNECTION_REASONS, RUNTIME_REASONS, SNIFF_REASONS } from '../decision/reasons.js';
import type { HOMES, ProtocolRegistry } from '../protocols/registry.js';

export type { Outcome } from '../decision/part-decision.js';

export interface Explanation {
  verdict: 'allow' | 'deny';
  outcome: Outcome;
  /** Stable, machine-readable reason; the generated sidecar logs the same word. */
  reason: DecisionReason;
  /** The most specific policy that allowed it (or that is credited under EnableEgress). */
  policy: string | null;
  /** What the client spoke, as a probe names it: 'tcp', or a sniffed part's word ('tls', 'http'). */
  protocol: string;
  /**
   * An HTTP request that asks to upgrade (its Upgrade header, lower case). `websocket` and the like: once allowed and
   * answered 101 by the upstream, the connection carries bytes both ways without another decision (a reload that
   * revokes the request closes it). `h2c`: the sidecar answers the upgrade itself and decides every HTTP/2 stream.
   */
  upgrade?: string;
  /**
   * Audit mode (Spec.Traffic.EgressPolicyMode: audit): enforce mode would refuse this with `reason`; the sidecar
   * forwards it and writes a would-deny line instead.
   */
  wouldDeny?: true;
}

/** What an upgrade means for the connection, for a reader of explain's answer. */
export function upgradeMeaning(upgrade: string): string {
  return upgrade === 'h2c'
    ? 'the sidecar answers the upgrade to HTTP/2 itself and decides every stream as a request'
    : 'once the upstream answers 101 the connection is a tunnel: its bytes are not decided again (a reload that revokes this request closes it)';
}

type ReasonsOf<P> = P extends { reasons: infer R } ? keyof R : never;

/** Every reason pipyc's sidecars and explain() give. */
export type DecisionReason =
  | keyof typeof CONNECTION_REASONS
  | keyof typeof SNIFF_REASONS
  | keyof typeof RUNTIME_REASONS
  | ReasonsOf<(typeof HOMES)[number]['part']>;

/**
 * Every reason a registry's sidecars give, with its meaning: the connection's, then each part's in the registry's
 * order, then sniffing's, then those only a running sidecar gives.
 */
export function decisionReasons(registry: ProtocolRegistry): Readonly<Record<string, string>> {
  return Object.freeze({ ...CONNECTION_REASONS, ...registry.reasons, ...SNIFF_REASONS, ...RUNTIME_REASONS });
}
