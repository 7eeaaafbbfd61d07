import type { PartLowering } from '../../lower/part-lowering.js';
import { buildIpTable } from '../../lower/ip-table.js';

/** Every policy of the class by destination IP; where several allow an address, the first by name is credited. */
export const tcpLowering: Pick<PartLowering, 'plan' | 'lower'> = {
  plan: () => ({ kind: 'tcp', phase: 'destination', used: false }),
  lower: (policies) => ({ kind: 'tcp', table: buildIpTable(policies.map((p) => ({ cidrs: p.cidrs, value: p })), (ps) => ps[0]!.name) }),
};
