/** The sidecar spec as written by a controller or an operator (the input format). */

export const LOG_LEVELS = ['trace', 'debug', 'info', 'warning', 'warn', 'error', 'critical', 'off'] as const;
export type SidecarLogLevel = (typeof LOG_LEVELS)[number];

export const POLICY_PROTOCOLS = ['http', 'https', 'tcp', 'tcp-server-first'] as const;
export type PolicyProtocol = (typeof POLICY_PROTOCOLS)[number];

/** enforce: what no policy allows is refused; audit: it is passed on and written and counted as would-deny. */
export const EGRESS_POLICY_MODES = ['enforce', 'audit'] as const;
export type EgressPolicyMode = (typeof EGRESS_POLICY_MODES)[number];

export const PATH_TYPES = ['Exact', 'Prefix', 'RegularExpression'] as const;
export type PathType = (typeof PATH_TYPES)[number];

/** Where redirected outbound traffic arrives when Spec.Traffic.OutboundPort is absent (osm-edge's port). */
export const DEFAULT_OUTBOUND_PORT = 15001;
/** Where the DNS proxy listens when Spec.Traffic.DNS names no Address/Port: osm-edge's sidecar DNS proxy (UDP and TCP). */
export const DEFAULT_DNS_ADDRESS = '127.0.0.153';
export const DEFAULT_DNS_PORT = 5300;
/** Seconds a learned address is held at least and at most when Spec.Traffic.DNS does not say. */
export const DEFAULT_DNS_TTL = { min: 30, max: 3600 } as const;

/** A sidecar spec: what one sidecar decides about egress. Reference: docs/spec.md; schema: schemas/sidecar-spec.schema.json. */
export interface SidecarSpec {
  /** The JSON Schema the document follows, for editors; pipyc ignores it. */
  $schema?: string;
  /** The sidecar's own settings. Required (may be empty). */
  Spec: {
    /** What is logged: trace/debug every decision, info allowed egress and refusals, warning/warn refusals, error/critical/off nothing. Default `error`. */
    SidecarLogLevel?: SidecarLogLevel;
    /** Seconds (0–86400): connect/read/write/idle timeout of every upstream connection. 0 or absent sets none (Pipy's own defaults apply). */
    SidecarTimeout?: number;
    /** Prometheus metrics; absent: none (no metrics code is emitted). */
    Metrics?: {
      /** The port the sidecar serves `GET /metrics` on (osm-edge uses 15010); not the OutboundPort. */
      Port: number;
    };
    /** How outbound traffic reaches the sidecar and what passes without a policy. */
    Traffic?: {
      /** true: every connection outside MeshCIDRs goes to its original destination untouched; policies then restrict nothing. Default false. */
      EnableEgress?: boolean;
      /**
       * `enforce` (default): what no policy allows is refused. `audit`: it is passed on as EnableEgress passes it, and
       * written as a would-deny log line (at every SidecarLogLevel but `off`, at most once a minute per destination,
       * name and reason) and counted as would-deny; allowed traffic is decided exactly as in enforce mode.
       */
      EgressPolicyMode?: EgressPolicyMode;
      /** In-mesh destinations (IPv4/IPv6 CIDRs or addresses, host bits zero): always forwarded untouched. */
      MeshCIDRs?: string[];
      /** The port iptables redirects outbound TCP to (1–65535). Default 15001. */
      OutboundPort?: number;
      /**
       * The sidecar's DNS proxy; absent: none. With it, a tcp/tcp-server-first policy's Hosts allow a connection only to
       * an address this proxy returned for one of them, within the answer's TTL (docs/semantics.md, "TCP by name").
       */
      DNS?: DnsProxy;
    };
  };
  /** Allow rules for egress; their union is what passes. Names are unique. */
  EgressPolicies?: EgressPolicy[];
}

/** The DNS proxy: every query is forwarded to Upstream and its answer returned unchanged; A/AAAA answers for names tcp policies allow are learned. */
export interface DnsProxy {
  /** The resolver queries go to: an IPv4/IPv6 address, optionally with a port (`192.0.2.53`, `192.0.2.53:5353`, `[2001:db8::53]:53`). */
  Upstream: string;
  /** The loopback address the proxy listens on (UDP and TCP). Default 127.0.0.153, where osm-edge's init container sends the pod's DNS. */
  Address?: string;
  /** The port the proxy listens on (1–65535). Default 5300. */
  Port?: number;
  /** Seconds a learned address is held at least, however short its answer's TTL (0–3600). Default 30. */
  MinTTL?: number;
  /** Seconds a learned address is held at most, however long its answer's TTL (1–86400). Default 3600. */
  MaxTTL?: number;
}

/** One allow rule: destinations (hosts and/or addresses) on ports, with optional HTTP request matches. */
export interface EgressPolicy {
  /** Unique name, credited in logs and `explain`: lower-case letters, digits, '-' and '.'. */
  Name: string;
  /** Host names: `api.example.com`, `*.example.com` (one or more labels in front, not the apex) or `*`. Checked against the SNI (https), the Host header (http), or, with Spec.Traffic.DNS, the names the sidecar's DNS proxy resolved to the destination (tcp); absent: any name. */
  Hosts?: string[];
  /** Destination IPv4/IPv6 CIDRs or single addresses (host bits zero); absent: any address. */
  IPAddresses?: string[];
  /** The destination ports the policy allows, each with the protocol expected there. At least one. */
  Ports: PolicyPort[];
  /** HTTP only: a request passes when one match passes (all of its parts). Absent: any request. */
  Matches?: HttpMatch[];
}

/** A destination port or an inclusive range of ports, and the protocol spoken there. */
export interface PolicyPort {
  /** The port (1–65535), or the first of a range. */
  Number: number;
  /** The last port of an inclusive range (at least Number). */
  EndPort?: number;
  /** `http` (Host and Matches checked per request), `https` (SNI checked), `tcp` (port and address; with Spec.Traffic.DNS also the names resolved to the address), `tcp-server-first` (as tcp, for protocols whose server speaks first: never sniffed). */
  Protocol: PolicyProtocol;
}

/** One way an HTTP request can pass: every part given must hold. */
export interface HttpMatch {
  /** The request path (without the query) to compare, as PathType says. Absent: any path. */
  Path?: string;
  /** `Prefix` (default): a plain string prefix; `Exact`: equality; `RegularExpression`: anchored to the whole path (Pipy's std::regex). */
  PathType?: PathType;
  /** Upper-case HTTP methods, any of which passes. Absent or empty: any method. */
  Methods?: string[];
  /** Header name (case-insensitive) to a regular expression anchored to the whole value; a missing header does not match. */
  Headers?: Record<string, string>;
}
