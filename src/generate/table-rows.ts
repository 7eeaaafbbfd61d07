import type { HostTableIR, IpTableIR } from '../ir/tables.js';
import { flatMapped } from '../util/flat-mapped.js';

/** [CIDR or '*', value], entries first, the catch-all last. */
export function ipRows<T>(t: IpTableIR<T>): [string, T][] {
  return [...t.v4.entries, ...t.v6.entries, ...(t.any === null ? [] : [['*', t.any] as [string, T]])];
}

/**
 * A host table's rows: [node, CIDR, value], where the node is x:<exact name>, s:<wildcard suffix>, * (any name) or
 * - (policies without Hosts). Exact names answered whole at compile time (`direct`) are left to their own section.
 */
export function hostRows<T>(t: HostTableIR<T>, value: (v: T) => string): string[][] {
  const node = (name: string, table: IpTableIR<T> | null) =>
    table === null ? [] : ipRows(table).map(([cidr, v]) => [name, cidr, value(v)]);
  const answered = new Set(t.direct.map(([k]) => k));
  return [
    ...flatMapped(
      t.exact.filter(([name]) => !answered.has(name)),
      ([name, table]) => node(`x:${name}`, table),
    ),
    ...flatMapped(t.suffix, ([name, table]) => node(`s:${name}`, table)),
    ...node('*', t.any),
    ...node('-', t.unnamed),
  ];
}
