/** A connection (and, for HTTP, one request on it) to decide about. */
export interface Probe {
  /** Original destination, `ip:port` or `[v6]:port`. */
  dst: string;
  /**
   * The client's address as the sidecar sees it: the pod's own IP for an application's connection. Only matters for a
   * destination on the sidecar's own ports (a dst equal to it is the pod itself). Default: unknown.
   */
  src?: string;
  /**
   * What the client speaks: 'tcp' (anything no sniffed part recognises), or a sniffed part's word: 'tls', 'http'
   * (the registry's probe protocols). Default: 'http' with a `host`, 'tls' with an `sni`, else 'tcp'.
   */
  protocol?: 'tcp' | 'tls' | 'http' | (string & {});
  /** HTTP Host header as sent (may carry a port). */
  host?: string;
  /** TLS ClientHello server name. */
  sni?: string;
  method?: string;
  path?: string;
  /** HTTP request headers; names are compared case-insensitively. */
  headers?: Record<string, string>;
  /**
   * What the sidecar's DNS proxy (Spec.Traffic.DNS) has learned, in learning order: names to the addresses their
   * answers gave, within the TTL. Names compare without case and a trailing dot. Default: nothing.
   */
  resolved?: Record<string, string[]>;
  /** Names whose answers gave these addresses but whose TTL has run out. */
  expired?: Record<string, string[]>;
}
