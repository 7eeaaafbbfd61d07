import type { PartIR, PartPlanIR } from '../ir/types.js';

/** A row of fields, or a comment line for the reader. */
export type TableRow = (string | number)[] | { comment: string };

/** One `[section]` of egress-tables.txt: its columns (for the reader) and its rows. */
export interface TableSection {
  name: string;
  columns: string;
  rows: TableRow[];
}

/** How a policy is named in the tables: its name where something reports it, else the one marker '+'. */
export type Credit = (policy: string) => string;

/**
 * What generate() needs of a part (src/protocols/): the table sections its classes fill, and the template helpers
 * its partials use (each printing only through literal.ts). compile() hands the registry's parts in.
 */
export interface PartGeneration {
  kind: PartIR['kind'];
  /** `classes`: each class that uses the part, with its index; in class order. */
  sections(classes: readonly { index: number; part: PartIR }[], plan: PartPlanIR, credit: Credit): TableSection[];
  helpers: Readonly<Record<string, (...args: never[]) => string>>;
}
