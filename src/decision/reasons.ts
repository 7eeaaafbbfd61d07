/** Reasons that belong to no part: the connection's way to the parts, and the sniffing between them. */
export const CONNECTION_REASONS = {
  'no-original-destination': 'the connection has no original destination (not redirected by iptables?)',
  'own-listener':
    "the destination is this sidecar's own outbound or metrics port on the pod itself: forwarding it would loop",
  mesh: 'the destination is inside Spec.Traffic.MeshCIDRs',
  'egress-passthrough': 'EnableEgress is true: all egress is passed through',
  'egress-disabled': 'EnableEgress is false and there are no EgressPolicies',
  'no-policy-for-port': 'no policy names this destination port',
} as const;

export const SNIFF_REASONS = {
  'unknown-protocol':
    'the port only allows protocols decided on their first bytes (HTTP, TLS), and the client spoke none of them (or nothing in time)',
  'protocol-not-allowed': 'the port has no policy for the protocol the client spoke',
} as const;

/**
 * Reasons only a running sidecar gives (its log lines and metrics, never explain()): what happens to a connection let
 * through before a reload (docs/semantics.md, "Reloads and open connections").
 */
export const RUNTIME_REASONS = {
  revoked:
    'a reload changed the policies and they no longer allow what this open connection was let through for: it is cut',
  reloaded:
    'a reload replaced the code this open connection runs: its next request is answered 503 (gRPC: UNAVAILABLE), to be sent again on a new connection',
} as const;
