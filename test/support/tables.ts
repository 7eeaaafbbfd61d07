import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { Explanation, Outcome, Probe } from '../../src/index.js';

export interface TableRow {
  name: string;
  probe: Probe;
  expect: Partial<Explanation>;
}

export interface DecisionTable {
  spec: unknown;
  rows: TableRow[];
  /** What the sidecar's DNS proxy has learned, for every row (a real Pipy is taught it before the rows). */
  learned?: Pick<Probe, 'resolved' | 'expired'>;
}

/** Every table in test/tables: each runs through explain(), the simulated Pipy, the CLI and the real Pipy. */
export const TABLES = ['egress-policies', 'egress-audit', 'own-listener', 'upgrades-grpc', 'tcp-by-name'] as const;

export function loadTable(name: string): DecisionTable {
  // Merge keys (`<<: *learned`) let every row of a table carry the same learned DNS state.
  return parse(readFileSync(new URL(`../tables/${name}.yaml`, import.meta.url), 'utf8'), {
    merge: true,
  }) as DecisionTable;
}

/** Only the fields a row states are compared (as Istio's simulation tests do). */
export function pick(actual: Explanation, expected: Partial<Explanation>): Partial<Explanation> {
  return Object.fromEntries(Object.keys(expected).map((k) => [k, actual[k as keyof Explanation]]));
}

/** Outcomes where the sidecar answers one request itself, with its reason in a header. */
export function answeredBySidecar(outcome: Outcome | 'other' | 'hang'): boolean {
  return outcome === 'http-403' || outcome === 'grpc-denied';
}
