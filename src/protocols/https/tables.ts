import { columns, type PartGenerationHooks } from '../../generate/part-generation.js';
import { hostRows } from '../../generate/table-rows.js';
import { flatMapped } from '../../util/flat-mapped.js';
import type { TlsPartIR, TlsPlanIR } from './ir.js';

export const tlsGeneration: PartGenerationHooks<TlsPartIR, TlsPlanIR> = {
  sections: (classes, _plan, credit) => {
    const tables = classes.map(({ index, part }) => ({ index, table: part.table }));
    return [
      {
        name: 'sni',
        columns: columns('class', 'node', 'CIDR', 'credited policy'),
        rows: flatMapped(tables, ({ index, table }) => hostRows(table, credit).map((r) => [index, ...r])),
      },
      {
        name: 'sniKnown',
        columns: columns('class', 'SNI', 'credited policy'),
        rows: flatMapped(tables, ({ index, table }) =>
          table.direct.map(([name, policies]) => [index, name, credit(policies[0]!)]),
        ),
      },
    ];
  },
  helpers: {},
};
