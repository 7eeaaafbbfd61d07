import type { Target } from '../sidecar-spec/targets.js';
import type { PartPlans } from './parts.js';
import type { PortIndexIR } from './tables.js';

/**
 * What the decision runtime every family's script shares (pipy-templates/runtime/) reads: each family's IR extends it
 * with what its own templates read (src/outputs/<family>/ir.ts). Nothing here belongs to one family.
 */
export interface RuntimeIR {
  target: Target;
  logging: LoggingIR;
  listener: { ownPorts: number[]; memoLimit: number };
  /** How the script finds a port's class in its tables; null: there are no port classes. */
  portIndex: PortIndexIR['kind'] | null;
  /** Seconds a sniffed port waits for the client's first bytes; null: nothing is sniffed. */
  sniffTimeout: number | null;
  parts: PartPlans;
  uses: RuntimeUses;
  /**
   * Audit mode's machinery (pipy-templates/runtime/would-deny.hbs): what the policies would refuse is passed on and
   * written as would-deny while `auditing` holds. false: none emitted, every refusal is enforced.
   */
  audit: boolean;
  /**
   * The writer of lines bounded per destination, name and reason (pipy-templates/runtime/bounded-lines.hbs): would-deny
   * lines, and refusals at the `bounded-refusals` level. null: none is written (or there are none to write).
   */
  boundedLines: BoundedLinesIR | null;
}

/**
 * How bounded lines are written: console.error (Pipy 1.5 shows ERROR at every level) or console.log (Pipy 0.90
 * shows INFO at every level). Each distinct (decision, destination, name, reason) at most once a minute.
 */
export interface BoundedLinesIR {
  writer: 'error' | 'info';
  /** Distinct keys remembered per generation; two generations are kept. */
  heardLimit: number;
}

/** Which runtime machinery the script needs; anything false is not emitted at all. */
export interface RuntimeUses {
  /** Some IP table holds IPv6 entries. */
  ipv6: boolean;
  /** Some IP table holds entries at all (else every table's answer is fixed and no address is ever parsed). */
  ipProbe: boolean;
  /** The connection decision consults tables (mesh or port classes). */
  tableLookup: boolean;
  /** The mesh's own destinations are told from egress by a table of CIDRs. */
  meshTable: boolean;
  /** Connections carry a verdict object (something is logged, counted or sniffed); else only their target. */
  verdicts: boolean;
  /** Decisions are reported (log lines or metrics): refusals made after the connection's start are counted and logged. */
  reports: boolean;
  /** Policy names reach the tables: something reports the allowed decisions (log lines or metric labels). */
  credit: boolean;
  /** Decisions are counted for /metrics. */
  metrics: boolean;
  /** Some port class must see the client's first bytes (a sniffed part is used). */
  sniff: boolean;
  /** Some connections are decided by names the sidecar's DNS proxy learned (never memoised refused). */
  byName: boolean;
}

/** Which decisions produce a log line. Decided at compile time: 'none' emits no logging code at all. */
export type LoggingIR =
  | { kind: 'none'; pipyLogLevel: PipyLogLevel }
  | { kind: 'every-decision'; pipyLogLevel: PipyLogLevel }
  | { kind: 'egress-and-refusals'; pipyLogLevel: PipyLogLevel }
  | { kind: 'refusals'; pipyLogLevel: PipyLogLevel }
  /** Refusals only, each distinct one at most once a minute (the default level of osm-edge's and fsm's sidecars). */
  | { kind: 'bounded-refusals'; pipyLogLevel: PipyLogLevel };

/** Values of `pipy --log-level=` that show console.log (INFO) lines on Pipy 1.5 where logging is on. */
export type PipyLogLevel = 'debug:user' | 'debug' | 'info' | 'warn' | 'error';
