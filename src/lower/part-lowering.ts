import type { DestinationPlan, PartIR, PartPlan, SniffedPlan } from '../ir/parts.js';
import type { IpTableIR } from '../ir/tables.js';
import type { NormalizedPolicy } from '../normalize/model.js';
import type { PolicyProtocol } from '../sidecar-spec/types.js';

/** What the spec says beyond its policies that changes how parts decide. */
export interface LoweringOptions {
  /** The sidecar has a DNS proxy: Hosts on tcp ports allow the addresses learned for them. */
  dnsLearning: boolean;
}

/**
 * What lower() needs of a part (src/protocols/<home>/lower.ts), typed by the part's own IR and plan (its home's ir.ts):
 * what its classes share, how it builds its IR for one port class, and the hooks the stages ask it instead of testing
 * its kind.
 */
export interface PartLoweringHooks<IR extends PartIR = PartIR, Plan extends PartPlan = PartPlan> {
  /** Once per spec, over every policy with one of the part's protocols (name order): what all its classes share. */
  plan(policies: readonly NormalizedPolicy[], options: LoweringOptions): Plan;
  /** One port class: its policies with one of the part's protocols (name order, never empty). */
  lower(policies: readonly NormalizedPolicy[], plan: Plan, onlyPort: number | null): IR;
  /** The IP tables one class's IR holds (what decides whether the script parses addresses, and IPv6 ones). */
  ipTables(ir: IR): readonly IpTableIR<unknown>[];
  /**
   * One plan for a script that decides for several specs at once (the osm-edge plugin): the flags that emit code set
   * where any plan sets them; the data, which each spec's tables carry, left out. `plans` is never empty.
   */
  merge(plans: readonly Plan[]): Plan;
  /** Whether some connection is decided by a name the DNS proxy learned (such verdicts are never memoised refused). */
  decidesByName(plan: Plan): boolean;
}

/** A part's lowering as the registry hands it to lower(): its hooks, its kind and the policy protocols it decides. */
export interface PartLowering<IR extends PartIR = PartIR, Plan extends PartPlan = PartPlan>
  extends PartLoweringHooks<IR, Plan> {
  kind: string;
  /** Every home in the registry whose part it is. */
  protocols: readonly PolicyProtocol[];
}

/**
 * Every part's lowering, in the registry's order. Exactly one part decides from the destination alone: it files every
 * policy of a class where EnableEgress only credits them, and hands the rest of a port's connections to the sniffed
 * parts (docs/architecture.md, "Protocols: one home each").
 */
export interface PartLowerings {
  destination: PartLowering<PartIR, DestinationPlan>;
  sniffed: readonly PartLowering<PartIR, SniffedPlan>[];
}

/** The parts in the registry's order: the destination part, then the sniffed ones. */
export function inOrder<D, S>(parts: { destination: D; sniffed: readonly S[] }): (D | S)[] {
  return [parts.destination, ...parts.sniffed];
}
