import type { PartIR, PartPlan } from '../ir/parts.js';
import type { TableColumn } from './literal.js';

/** A row of fields, or a comment line for the reader. */
export type TableRow = (string | number)[] | { comment: string };

/** One `[section]` of egress-tables.txt: its columns (named for the reader, with what each holds) and its rows. */
export interface TableSection {
  name: string;
  columns: readonly TableColumn[];
  rows: TableRow[];
}

/** Columns by name; a name ending in ':text' or ':rest' gives the column that kind (TableColumn). */
export function columns(...names: string[]): TableColumn[] {
  return names.map((n) => {
    const kind = /:(text|rest)$/.exec(n)?.[1] as TableColumn['kind'];
    return kind ? { name: n.slice(0, -kind.length - 1), kind } : { name: n };
  });
}

/** How a policy is credited in the tables: its number in [names] where something reports it, else the one marker '+'. */
export type Credit = (policy: string) => string;

/**
 * What generate() needs of a part (src/protocols/<home>/tables.ts), typed by its own IR and plan: the table sections
 * its classes fill, and the template helpers its partials use (each printing only through literal.ts).
 */
export interface PartGenerationHooks<IR extends PartIR = PartIR, Plan extends PartPlan = PartPlan> {
  /** `classes`: each class that uses the part, with its index; in class order. */
  sections(classes: readonly { index: number; part: IR }[], plan: Plan, credit: Credit): TableSection[];
  helpers: Readonly<Record<string, (...args: never[]) => string>>;
}

/** A part's generation as the registry hands it to generate(). */
export interface PartGeneration<IR extends PartIR = PartIR, Plan extends PartPlan = PartPlan>
  extends PartGenerationHooks<IR, Plan> {
  kind: string;
}
