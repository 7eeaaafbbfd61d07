import { columns, type PartGenerationHooks } from '../../generate/part-generation.js';
import { hostRows, ipRows } from '../../generate/table-rows.js';
import { flatMapped } from '../../util/flat-mapped.js';
import type { TcpPartIR, TcpPlanIR } from './ir.js';

export const tcpGeneration: PartGenerationHooks<TcpPartIR, TcpPlanIR> = {
  sections: (classes, _plan, credit) => [
    {
      name: 'tcp',
      columns: columns('class', 'CIDR', 'credited policy'),
      rows: flatMapped(classes, ({ index, part }) =>
        ipRows(part.table).map(([cidr, policy]) => [index, cidr, credit(policy)]),
      ),
    },
    {
      name: 'tcpName',
      columns: columns('class', 'node', 'CIDR', 'credited policy'),
      rows: flatMapped(classes, ({ index, part }) => {
        const named = part.named;
        return named === null ? [] : hostRows(named, credit).map((r) => [index, ...r]);
      }),
    },
  ],
  helpers: {},
};
