import type { PartIR } from './parts.js';

/**
 * Destination IP -> values, most specific first: longer prefixes, then `any` (entries without IPAddresses).
 * Entries are canonical CIDR text; the script keys them at load time with the same code it probes with
 * (src/net/prefix-key.ts). Lists are in the order the generated code must probe them.
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
  /** One per part some policy of the class uses, in the registry's order (each part's own IR, from its home). */
  parts: PartIR[];
}
