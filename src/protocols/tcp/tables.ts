import { columns, type PartGeneration } from '../../generate/part-generation.js';
import { hostRows, ipRows } from '../../generate/table-rows.js';
import type { TcpPartIR } from '../../ir/types.js';
import { flatMapped } from '../../util/flat-mapped.js';

export const tcpGeneration: Omit<PartGeneration, 'kind'> = {
  sections: (classes, _plan, credit) => [
    {
      name: 'tcp',
      columns: columns('class', 'CIDR', 'credited policy'),
      rows: flatMapped(classes, ({ index, part }) => ipRows((part as TcpPartIR).table).map(([cidr, policy]) => [index, cidr, credit(policy)])),
    },
    {
      name: 'tcpName',
      columns: columns('class', 'node', 'CIDR', 'credited policy'),
      rows: flatMapped(classes, ({ index, part }) => {
        const named = (part as TcpPartIR).named;
        return named === null ? [] : hostRows(named, credit).map((r) => [index, ...r]);
      }),
    },
  ],
  helpers: {},
};
