import { buildHostTable, hostIpTables } from '../../lower/host-table.js';
import { buildIpTable } from '../../lower/ip-table.js';
import type { PartLoweringHooks } from '../../lower/part-lowering.js';
import type { TcpPartIR, TcpPlanIR } from './ir.js';

/**
 * Every policy of the class by destination IP; where several allow an address, the first by name is credited. With the
 * DNS proxy, policies with Hosts go by name instead, each name to the addresses it allows (as https policies by SNI).
 */
export const tcpLowering: PartLoweringHooks<TcpPartIR, TcpPlanIR> = {
  plan: (policies, { dnsLearning }) => ({
    kind: 'tcp',
    phase: 'destination',
    used: false,
    named: dnsLearning && policies.some((p) => p.hosts !== null),
  }),
  lower: (policies, plan) => {
    const named = plan.named ? policies.filter((p) => p.hosts !== null) : [];
    const byAddress = named.length > 0 ? policies.filter((p) => p.hosts === null) : policies;
    return {
      kind: 'tcp',
      table: buildIpTable(
        byAddress.map((p) => ({ cidrs: p.cidrs, value: p })),
        (ps) => ps[0]!.name,
      ),
      named:
        named.length > 0 ? { ...buildHostTable(named, (ps) => ps[0]!.name, null), direct: [], directPort: null } : null,
    };
  },
  ipTables: (ir) => [ir.table, ...(ir.named ? hostIpTables(ir.named) : [])],
  merge: (plans) => ({ ...plans[0]!, used: plans.some((p) => p.used), named: plans.some((p) => p.named) }),
  decidesByName: (plan) => plan.used && plan.named,
};
