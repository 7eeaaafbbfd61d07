/** A connection (and, for HTTP, one request on it) to decide about. */
export interface Probe {
  /** Original destination, `ip:port` or `[v6]:port`. */
  dst: string;
  /**
   * The client's address as the sidecar sees it: the pod's own IP for an application's connection. Only matters for a
   * destination on the sidecar's own ports (a dst equal to it is the pod itself). Default: unknown.
   */
  src?: string;
  /** What the client speaks; 'tcp' means anything that is neither HTTP nor TLS. Default 'tcp'. */
  protocol?: 'http' | 'tls' | 'tcp';
  /** HTTP Host header as sent (may carry a port). */
  host?: string;
  /** TLS ClientHello server name. */
  sni?: string;
  method?: string;
  path?: string;
  /** HTTP request headers; names are compared case-insensitively. */
  headers?: Record<string, string>;
}

export type Outcome = 'forward' | 'reset' | 'http-403';

export interface Explanation {
  verdict: 'allow' | 'deny';
  outcome: Outcome;
  /** Stable, machine-readable reason; the generated sidecar logs the same word. */
  reason: DecisionReason;
  /** The most specific policy that allowed it (or that is credited under EnableEgress). */
  policy: string | null;
  protocol: 'tcp' | 'http' | 'tls';
}

export const DECISION_REASONS = {
  'no-original-destination': 'the connection has no original destination (not redirected by iptables?)',
  'own-listener': "the destination is this sidecar's own outbound or metrics port on the pod itself: forwarding it would loop",
  mesh: 'the destination is inside Spec.Traffic.MeshCIDRs',
  'egress-passthrough': 'EnableEgress is true: all egress is passed through',
  'egress-disabled': 'EnableEgress is false and there are no EgressPolicies',
  'no-policy-for-port': 'no policy names this destination port',
  'tcp-policy': 'a tcp policy allows this port (and IP)',
  'ip-not-allowed': "the port's tcp policies do not allow this destination IP",
  'unknown-protocol': 'the port only allows HTTP or TLS by name, and the client spoke neither (or nothing in time)',
  'protocol-not-allowed': 'the port has no policy for the protocol the client spoke',
  'sni-allowed': 'an https policy allows this SNI (and IP)',
  'sni-not-allowed': 'no https policy allows this SNI and IP',
  'no-sni': 'the TLS ClientHello has no SNI and no policy without Hosts covers the port',
  'http-policy': 'an http policy allows this request',
  'host-not-allowed': 'no http policy allows this Host and IP',
  'no-host': 'the request has no Host and no policy without Hosts covers the port',
  'host-port-mismatch': 'the port in the Host header is not the destination port',
  'request-not-matched': 'a policy allows the Host, but none of its Matches fits the request',
} as const;

export type DecisionReason = keyof typeof DECISION_REASONS;
