import type { DestinationPlan, PartIR } from '../../ir/parts.js';
import type { HostTableIR, IpTableIR } from '../../ir/tables.js';

/** tcp/tcp-server-first policies (under EnableEgress: every policy, for crediting). Value: the credited policy. */
export interface TcpPartIR extends PartIR {
  kind: 'tcp';
  /** Policies decided by address: all of them, or with the DNS proxy those without Hosts. */
  table: IpTableIR<string>;
  /** With the DNS proxy, policies with Hosts: by a name learned for the address (`direct` is always empty). */
  named: HostTableIR<string> | null;
}

export interface TcpPlanIR extends DestinationPlan {
  kind: 'tcp';
  /** Some class's tcp policies allow names (the DNS proxy is on and a tcp policy has Hosts). */
  named: boolean;
}
