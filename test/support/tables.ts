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
}

/** Every table in test/tables: each runs through explain(), the simulated Pipy, the CLI and the real Pipy. */
export const TABLES = ['egress-policies', 'own-listener', 'upgrades-grpc'] as const;

export function loadTable(name: string): DecisionTable {
  return parse(readFileSync(new URL(`../tables/${name}.yaml`, import.meta.url), 'utf8')) as DecisionTable;
}

/** Only the fields a row states are compared (as Istio's simulation tests do). */
export function pick(actual: Explanation, expected: Partial<Explanation>): Partial<Explanation> {
  return Object.fromEntries(Object.keys(expected).map((k) => [k, actual[k as keyof Explanation]]));
}

/** Outcomes where the sidecar answers one request itself, with its reason in a header. */
export function answeredBySidecar(outcome: Outcome | 'other' | 'hang'): boolean {
  return outcome === 'http-403' || outcome === 'grpc-denied';
}
