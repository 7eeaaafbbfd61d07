import type { PartIR, PartPlanIR } from '../ir/types.js';
import type { NormalizedPolicy } from '../normalize/model.js';
import type { PolicyProtocol } from '../sidecar-spec/types.js';

/** What the spec says beyond its policies that changes how parts decide. */
export interface LoweringOptions {
  /** The sidecar has a DNS proxy: Hosts on tcp ports allow the addresses learned for them. */
  dnsLearning: boolean;
}

/**
 * What lower() needs of a part (src/protocols/): the policy protocols it decides, what its classes share, and how it
 * builds its IR for one port class. compile() hands the registry's parts in.
 */
export interface PartLowering {
  kind: PartIR['kind'];
  phase: PartPlanIR['phase'];
  /** The policy protocols this part decides: every home in the registry whose part it is. */
  protocols: readonly PolicyProtocol[];
  /** Once per spec, over every policy with one of the part's protocols (name order): what all its classes share. */
  plan(policies: readonly NormalizedPolicy[], options: LoweringOptions): PartPlanIR;
  /** One port class: its policies with one of the part's protocols (name order, never empty). */
  lower(policies: readonly NormalizedPolicy[], plan: PartPlanIR, onlyPort: number | null): PartIR;
}
