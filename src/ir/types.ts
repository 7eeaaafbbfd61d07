import type { Target } from '../sidecar-spec/targets.js';
/**
 * The intermediate representation: everything the templates need, already decided.
 * Built only by lower(); read only by generate(). Every union is discriminated by `kind`.
 * Lookup keys follow src/net/prefix-key.ts; all lists are in the order the generated code must probe them.
 */

export interface SidecarIR {
  kind: 'sidecar';
  /** The Pipy version the code is for. */
  target: Target;
  listener: ListenerIR;
  logging: LoggingIR;
  /** null: no metrics code is emitted. */
  metrics: { port: number } | null;
  upstream: UpstreamIR;
  /** null: no MeshCIDRs, so no mesh check is emitted. */
  mesh: IpTableIR<true> | null;
  /** null: no DNS proxy is emitted. */
  dns: DnsIR | null;
  egress: EgressIR;
  /**
   * Every decision part pipyc knows (src/protocols/registry.ts), in the registry's order, whether this spec uses it or
   * not: the script parses every part's class flag and maps every detected protocol, and emits the rest of a part only
   * where `used`.
   */
  parts: { destination: DestinationPartPlanIR[]; sniffed: SniffedPartPlanIR[] };
  /** Which runtime machinery the script needs; anything false is not emitted at all. */
  uses: {
    /** Some IP table holds IPv6 entries. */
    ipv6: boolean;
    /** Some IP table holds entries at all (else every table's answer is fixed and no address is ever parsed). */
    ipProbe: boolean;
    /** The connection decision consults a table (mesh or port classes). */
    tableLookup: boolean;
    /** Connections carry a verdict object (something is logged or sniffed); else only their target. */
    verdicts: boolean;
    /** Policy names reach the tables: something reports them (log lines or metric labels). */
    credit: boolean;
    /** Some port class must see the client's first bytes (a sniffed part is used). */
    sniff: boolean;
    /** Some tcp port allows names: its connections are decided on what the DNS proxy learned (never memoised refused). */
    byName: boolean;
  };
}

/** The DNS proxy (UDP and TCP on `listen`), forwarding to `upstream`, and what it may learn (docs/semantics.md). */
export interface DnsIR {
  /** `ip:port` as Pipy listens and connects. */
  listen: string;
  upstream: string;
  /** Seconds an answer's addresses are held: its TTL, but at least `min` and at most `max`. */
  ttl: { min: number; max: number };
  /** Learned addresses at most; beyond it the one learned longest ago is forgotten. */
  addressLimit: number;
  /** Names held per address at most; beyond it the one learned longest ago is forgotten. */
  namesPerAddress: number;
  /** Queries awaiting an answer at most; beyond it the oldest are forgotten (their answers then teach nothing). */
  pendingLimit: number;
  /** Seconds a client's DNS session (UDP peer or TCP connection) may stay idle. */
  idleTimeout: number;
}

export interface ListenerIR {
  port: number;
  /** The sidecar's own listening ports (outbound, metrics), ascending: never forwarded to on the pod itself. */
  ownPorts: number[];
  /** How many destinations' verdicts a sidecar remembers at most (emptied when full). */
  memoLimit: number;
}

/** Which decisions produce a log line. Decided at compile time: 'none' emits no logging code at all. */
export type LoggingIR =
  | { kind: 'none'; pipyLogLevel: PipyLogLevel }
  | { kind: 'every-decision'; pipyLogLevel: PipyLogLevel }
  | { kind: 'egress-and-refusals'; pipyLogLevel: PipyLogLevel }
  | { kind: 'refusals'; pipyLogLevel: PipyLogLevel };

/** Values of `pipy --log-level=` that show console.log (INFO) lines on Pipy 1.5 where logging is on. */
export type PipyLogLevel = 'debug:user' | 'debug' | 'info' | 'warn' | 'error';

export interface UpstreamIR {
  /** connect() options in seconds; null leaves Pipy's defaults. */
  timeouts: { connectTimeout: number; readTimeout: number; writeTimeout: number; idleTimeout: number } | null;
}

export type EgressIR =
  | { kind: 'deny-all'; tables: null }
  /** Everything non-mesh passes; `tables` (only when logging is on) name the policy a log line credits. */
  | { kind: 'passthrough'; tables: PolicyTablesIR | null }
  | { kind: 'policies'; tables: PolicyTablesIR; sniffTimeout: number; maxClientHelloBytes: number };

/**
 * Destination IP -> values, most specific first: longer prefixes, then `any` (entries without IPAddresses).
 * Entries are canonical CIDR text; the script keys them at load time with the same code it probes with.
 */
export interface IpTableIR<T> {
  v4: { lengths: number[]; entries: [string, T][] };
  v6: { lengths: number[]; entries: [string, T][] };
  any: T | null;
}

/** Name (Host or SNI) -> IP table: exact, then `*.suffix` longest first, then `*`, then policies without Hosts. */
export interface HostTableIR<T> {
  exact: [string, IpTableIR<T>][];
  suffix: [string, IpTableIR<T>][];
  any: IpTableIR<T> | null;
  unnamed: IpTableIR<T> | null;
  /**
   * The answer for a raw Host header or SNI, worked out at compile time wherever it cannot depend on the
   * destination IP: the values of every table on the name's way (exact, matching suffixes, `*`, no Hosts), in order.
   * Keys are exact names; a miss falls back to the tables above.
   */
  direct: [string, T[]][];
  /**
   * On an http class with one port other than 80, that port: the script files each direct name as `name:port`, the
   * form clients send there, and that alone (one entry per name).
   */
  directPort: number | null;
}

/** Port -> class: a map of single ports when the spec names few enough, else sorted disjoint ranges (binary search). */
export type PortIndexIR =
  | { kind: 'map'; entries: [number, number][] }
  | { kind: 'ranges'; segments: { first: number; last: number; classIndex: number }[] };

export interface PolicyTablesIR {
  ports: PortIndexIR;
  classes: PortClassIR[];
}

/** The rules of every port that has the same set of policies. */
export interface PortClassIR {
  /** For the reader of the tables: the ports and policies of this class. */
  comment: string;
  /** One per part some policy of the class uses, in the registry's order. */
  parts: PartIR[];
}

/**
 * How one part decides the connections of one port class: a kind-discriminated list, one member per part in
 * src/protocols/ (a part serves one or more policy protocols).
 */
export type PartIR = TcpPartIR | TlsPartIR | HttpPartIR;

/** tcp/tcp-server-first policies (under EnableEgress: every policy, for crediting). Value: the credited policy. */
export interface TcpPartIR {
  kind: 'tcp';
  /** Policies decided by address: all of them, or with the DNS proxy those without Hosts. */
  table: IpTableIR<string>;
  /** With the DNS proxy, policies with Hosts: by a name learned for the address (`direct` is always empty). */
  named: HostTableIR<string> | null;
}

/** https policies by SNI. Value: the credited policy. */
export interface TlsPartIR {
  kind: 'tls';
  table: HostTableIR<string>;
}

/** http policies by Host. Value: indexes into the http plan's rules, sorted by policy name. */
export interface HttpPartIR {
  kind: 'http';
  table: HostTableIR<number[]>;
}

/** What the script must know of a part decided from the destination alone (at connect time). */
export type DestinationPartPlanIR = {
  kind: 'tcp';
  phase: 'destination';
  used: boolean;
  /** Some class's tcp policies allow names (the DNS proxy is on and a tcp policy has Hosts). */
  named: boolean;
};

/** What the script must know of a part decided on the client's first bytes. */
export type SniffedPartPlanIR = TlsPartPlanIR | HttpPartPlanIR;

/** Pipy's detectProtocol result that routes a connection to a sniffed part, and the name the script gives it. */
export interface DetectedAsIR {
  pipy: string;
  proto: string;
}

export interface TlsPartPlanIR {
  kind: 'tls';
  phase: 'sniffed';
  used: boolean;
  detects: DetectedAsIR[];
}

export interface HttpPartPlanIR {
  kind: 'http';
  phase: 'sniffed';
  used: boolean;
  detects: DetectedAsIR[];
  /** One per policy with an http port; host tables refer to these by index. */
  rules: HttpRuleIR[];
  /** Anchored regular expression sources; matches refer to these by index. */
  regexes: string[];
  /** Some match tests the path with a regular expression (so the path without query is cut out for it). */
  regexPath: boolean;
  headerMatch: boolean;
}

export type PartPlanIR = DestinationPartPlanIR | SniffedPartPlanIR;

export interface HttpRuleIR {
  policy: string;
  matches: HttpMatchIR[] | null;
}

export interface HttpMatchIR {
  path: { type: 'exact' | 'prefix'; value: string } | { type: 'regex'; regex: number } | null;
  methods: string[] | null;
  headers: [string, number][];
}
