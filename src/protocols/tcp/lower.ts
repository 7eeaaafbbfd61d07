import type { PartLowering } from '../../lower/part-lowering.js';
import { buildIpTable } from '../../lower/ip-table.js';
import { buildHostTable } from '../../lower/host-table.js';

/**
 * Every policy of the class by destination IP; where several allow an address, the first by name is credited. With the
 * DNS proxy, policies with Hosts go by name instead, each name to the addresses it allows (as https policies by SNI).
 */
export const tcpLowering: Pick<PartLowering, 'plan' | 'lower'> = {
  plan: (policies, { dnsLearning }) => ({ kind: 'tcp', phase: 'destination', used: false, named: dnsLearning && policies.some((p) => p.hosts !== null) }),
  lower: (policies, plan) => {
    const named = plan.kind === 'tcp' && plan.named ? policies.filter((p) => p.hosts !== null) : [];
    const byAddress = named.length > 0 ? policies.filter((p) => p.hosts === null) : policies;
    return {
      kind: 'tcp',
      table: buildIpTable(byAddress.map((p) => ({ cidrs: p.cidrs, value: p })), (ps) => ps[0]!.name),
      named: named.length > 0 ? { ...buildHostTable(named, (ps) => ps[0]!.name, null), direct: [], directPort: null } : null,
    };
  },
};
