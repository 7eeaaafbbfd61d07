import type { DestinationDecision, SniffedDecision } from '../decision/part-decision.js';
import type { Probe } from '../decision/probe.js';
import type { PartGenerationHooks } from '../generate/part-generation.js';
import type { DestinationPlan, DetectedAsIR, PartIR, PartPlan, SniffedPlan } from '../ir/parts.js';
import type { PartLoweringHooks } from '../lower/part-lowering.js';
import type { PolicyProtocol } from '../sidecar-spec/types.js';
import type { SemanticRule } from '../validate/semantic-rule.js';

/**
 * A protocol's home (src/protocols/<protocol>/): the word a policy port names, the part that decides its connections,
 * and the checks only it needs. The registry (registry.ts) lists the homes; docs/architecture.md says how to add one.
 */
export interface ProtocolHome {
  protocol: PolicyProtocol;
  part: Part;
  rules: readonly SemanticRule[];
}

/**
 * A part: the machinery that decides connections for one or more protocols, at every stage, typed by its own IR and
 * plan (its home's ir.ts). Its templates are pipy-templates/protocols/<home>/: <kind>-<slot>.hbs for the slots
 * families ask parts to fill (PART_SLOTS), and private partials of its own under private/.
 */
export type Part = DestinationPart | SniffedPart;

interface PartCommon<IR extends PartIR, Plan extends PartPlan> {
  kind: IR['kind'] & Plan['kind'];
  /** The home whose folders hold this part's code and templates. */
  home: string;
  /** Every reason explain(), the logs and the metrics may give for this part's decisions, with its meaning. */
  reasons: Readonly<Record<string, string>>;
  lowering: PartLoweringHooks<IR, Plan>;
  generation: PartGenerationHooks<IR, Plan>;
}

/** Decided at connect time from the original destination alone. */
export interface DestinationPart<IR extends PartIR = PartIR, Plan extends DestinationPlan = DestinationPlan>
  extends PartCommon<IR, Plan> {
  phase: 'destination';
  decision: DestinationDecision;
}

/**
 * Decided on the client's first bytes: once Pipy's detectProtocol has named the protocol (`wire.detects`), or, for a
 * protocol it does not know, by the part's own `detect` slot over those bytes.
 */
export interface SniffedPart<IR extends PartIR = PartIR, Plan extends SniffedPlan = SniffedPlan>
  extends PartCommon<IR, Plan> {
  phase: 'sniffed';
  /** What a probe calls this protocol (`--protocol`), and what detectProtocol reports for it (the script's name). */
  wire: { probe: string; detects: readonly DetectedAsIR[] };
  decision: SniffedDecision;
  simulation: PartSimulation;
}

/**
 * How the simulator (lab/simulator.ts) plays a client of this protocol: Pipy filters whose callbacks see what the
 * client sent, each with the value Pipy hands the callback for a probe; `firstBytes`, what the client sends first (for
 * a part that recognises its protocol itself).
 */
export interface PartSimulation {
  events: Readonly<Record<string, (probe: Probe) => unknown>>;
  firstBytes?: (probe: Probe) => readonly number[];
}
