/**
 * The intermediate representation: everything the templates need, already decided.
 * Built only by normalize(); read only by generate(). Every union is discriminated by `kind`.
 * Lookup keys follow src/net/prefix-key.ts; all lists are in the order the generated code must probe them.
 */

export interface SidecarIR {
  kind: 'sidecar';
  listener: ListenerIR;
  logging: LoggingIR;
  upstream: UpstreamIR;
  mesh: IpTableIR<true>;
  egress: EgressIR;
  /** Which runtime machinery the scripts need; anything false is not emitted at all. */
  uses: { ipv6: boolean; http: boolean; tls: boolean };
}

export interface ListenerIR {
  port: number;
}

/** Which decisions produce a log line. Decided at compile time: 'none' emits no logging code at all. */
export type LoggingIR =
  | { kind: 'none'; pipyLogLevel: PipyLogLevel }
  | { kind: 'every-decision'; pipyLogLevel: PipyLogLevel }
  | { kind: 'egress-and-refusals'; pipyLogLevel: PipyLogLevel }
  | { kind: 'refusals'; pipyLogLevel: PipyLogLevel };

/** Values of `pipy --log-level=` that show console.log (INFO) lines on Pipy 1.5 where logging is on. */
export type PipyLogLevel = 'debug:user' | 'info' | 'warn' | 'error';

export interface UpstreamIR {
  /** connect() options in seconds; null leaves Pipy's defaults. */
  timeouts: { connectTimeout: number; readTimeout: number; writeTimeout: number; idleTimeout: number } | null;
}

export type EgressIR =
  | { kind: 'deny-all' }
  /** Everything non-mesh passes; `credit` (only when logging is on) names the policy a log line credits. */
  | { kind: 'passthrough'; credit: PolicyTablesIR | null }
  | { kind: 'policies'; tables: PolicyTablesIR; sniffTimeout: number; maxClientHelloBytes: number };

/** Destination IP -> values, most specific first: longer prefixes, then `any` (entries without IPAddresses). */
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
}

export interface PolicyTablesIR {
  /** Disjoint, sorted port ranges, each pointing at a class. Looked up by binary search. */
  segments: { first: number; last: number; classIndex: number }[];
  classes: PortClassIR[];
  /** One per policy with an http port; host tables refer to these by index. */
  httpRules: HttpRuleIR[];
  /** Anchored regular expression sources; matches refer to these by index. */
  regexes: string[];
}

/** The rules of every port that has the same set of policies. */
export interface PortClassIR {
  /** tcp/tcp-server-first policies (under EnableEgress: every policy, for crediting). Value: policy name. */
  l4: IpTableIR<string> | null;
  tls: HostTableIR<string> | null;
  /** Value: indexes into httpRules, sorted by policy name. */
  http: HostTableIR<number[]> | null;
}

export interface HttpRuleIR {
  policy: string;
  matches: HttpMatchIR[] | null;
}

export interface HttpMatchIR {
  path: { type: 'exact' | 'prefix'; value: string } | { type: 'regex'; regex: number } | null;
  methods: string[] | null;
  headers: [string, number][];
}
