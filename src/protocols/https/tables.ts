import { columns, type PartGeneration } from '../../generate/part-generation.js';
import { hostRows } from '../../generate/table-rows.js';
import type { TlsPartIR } from '../../ir/types.js';
import { flatMapped } from '../../util/flat-mapped.js';

export const tlsGeneration: Omit<PartGeneration, 'kind'> = {
  sections: (classes, _plan, credit) => {
    const tables = classes.map(({ index, part }) => ({ index, table: (part as TlsPartIR).table }));
    return [
      { name: 'sni', columns: columns('class', 'node', 'CIDR', 'credited policy'), rows: flatMapped(tables, ({ index, table }) => hostRows(table, credit).map((r) => [index, ...r])) },
      { name: 'sniKnown', columns: columns('class', 'SNI', 'credited policy'), rows: flatMapped(tables, ({ index, table }) => table.direct.map(([name, policies]) => [index, name, credit(policies[0]!)])) },
    ];
  },
  helpers: {},
};
