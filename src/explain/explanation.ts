import { PARTS } from '../protocols/registry.js';
import type { Outcome } from './part-decision.js';

export type { Outcome } from './part-decision.js';

export interface Explanation {
  verdict: 'allow' | 'deny';
  outcome: Outcome;
  /** Stable, machine-readable reason; the generated sidecar logs the same word. */
  reason: DecisionReason;
  /** The most specific policy that allowed it (or that is credited under EnableEgress). */
  policy: string | null;
  protocol: 'tcp' | 'http' | 'tls';
  /**
   * An HTTP request that asks to upgrade (its Upgrade header, lower case). `websocket` and the like: once allowed and
   * answered 101 by the upstream, the connection carries bytes both ways without another decision (a reload that
   * revokes the request closes it). `h2c`: the sidecar answers the upgrade itself and decides every HTTP/2 stream.
   */
  upgrade?: string;
}

/** What an upgrade means for the connection, for a reader of explain's answer. */
export function upgradeMeaning(upgrade: string): string {
  return upgrade === 'h2c'
    ? 'the sidecar answers the upgrade to HTTP/2 itself and decides every stream as a request'
    : "once the upstream answers 101 the connection is a tunnel: its bytes are not decided again (a reload that revokes this request closes it)";
}

/** Reasons that belong to no part: the connection's way to the parts, and the sniffing between them. */
const CONNECTION_REASONS = {
  'no-original-destination': 'the connection has no original destination (not redirected by iptables?)',
  'own-listener': "the destination is this sidecar's own outbound or metrics port on the pod itself: forwarding it would loop",
  mesh: 'the destination is inside Spec.Traffic.MeshCIDRs',
  'egress-passthrough': 'EnableEgress is true: all egress is passed through',
  'egress-disabled': 'EnableEgress is false and there are no EgressPolicies',
  'no-policy-for-port': 'no policy names this destination port',
} as const;

const SNIFF_REASONS = {
  'unknown-protocol': 'the port only allows protocols decided on their first bytes (HTTP, TLS), and the client spoke none of them (or nothing in time)',
  'protocol-not-allowed': 'the port has no policy for the protocol the client spoke',
} as const;

type ReasonsOf<P> = P extends { reasons: infer R } ? keyof R : never;

export type DecisionReason = keyof typeof CONNECTION_REASONS | keyof typeof SNIFF_REASONS | ReasonsOf<(typeof PARTS)[number]>;

/** Every reason, with its meaning: the connection's, then each part's in the registry's order, then sniffing's. */
export const DECISION_REASONS = Object.freeze(
  Object.assign({}, CONNECTION_REASONS, ...PARTS.map((p) => p.reasons), SNIFF_REASONS) as Record<DecisionReason, string>,
);
