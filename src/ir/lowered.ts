import type { Target } from '../sidecar-spec/targets.js';
import type { PartPlans } from './parts.js';
import type { IpTableIR, PolicyTablesIR } from './tables.js';
import type { BoundedLinesIR, LoggingIR, RuntimeUses } from './runtime.js';

/**
 * A spec lowered: everything a family's IR is made of, already decided, with every lookup table built. Made only by
 * lower(); each output family (src/outputs/<family>/) builds the IR its templates see from one or more of these.
 */
export interface LoweredSpec {
  kind: 'lowered';
  /** The Pipy version the code is for. */
  target: Target;
  listener: ListenerIR;
  logging: LoggingIR;
  /** Spec.Traffic.EgressPolicyMode is audit (and something could be refused). */
  audit: boolean;
  /**
   * How this spec's bounded lines (would-deny, should it audit, and refusals at the bounded-refusals level) are
   * written; null: never (SidecarLogLevel off). A plugin's code is made for every identity's mode, so it is set
   * whether or not this spec audits.
   */
  boundedLines: BoundedLinesIR | null;
  /** null: no metrics. */
  metrics: { port: number } | null;
  upstream: UpstreamIR;
  /** null: no MeshCIDRs, so no mesh check. */
  mesh: IpTableIR<true> | null;
  /** null: no DNS proxy. */
  dns: DnsIR | null;
  egress: EgressIR;
  /**
   * Every part pipyc knows (src/protocols/registry.ts), in the registry's order, whether this spec uses it or not: the
   * script parses every part's class flag and maps every detected protocol, and emits the rest of a part only where
   * `used`.
   */
  parts: PartPlans;
  uses: RuntimeUses;
}

interface ListenerIR {
  port: number;
  /** The sidecar's own listening ports (outbound, metrics, DNS), ascending: never forwarded to on the pod itself. */
  ownPorts: number[];
  /** How many destinations' verdicts a sidecar remembers at most (emptied when full). */
  memoLimit: number;
}

export interface UpstreamIR {
  /** connect() options in seconds; null leaves Pipy's defaults. */
  timeouts: { connectTimeout: number; readTimeout: number; writeTimeout: number; idleTimeout: number } | null;
}

export type EgressIR =
  | { kind: 'deny-all'; tables: null }
  /** Everything non-mesh passes; `tables` (only when logging is on) name the policy a log line credits. */
  | { kind: 'passthrough'; tables: PolicyTablesIR | null }
  | { kind: 'policies'; tables: PolicyTablesIR; sniffTimeout: number };

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
