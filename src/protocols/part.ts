import type { DetectedAsIR, PartIR } from '../ir/types.js';
import type { DestinationDecision, SniffedDecision } from '../explain/part-decision.js';
import type { PartGeneration } from '../generate/part-generation.js';
import type { PartLowering } from '../lower/part-lowering.js';
import type { PolicyProtocol } from '../sidecar-spec/types.js';
import type { SemanticRule } from '../validate/semantic-rule.js';
import type { Probe } from '../explain/probe.js';

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
 * A part: the machinery that decides connections for one or more protocols, at every stage. Its templates are
 * pipy-templates/protocols/<home>/<kind>-<slot>.hbs (slots: architecture.md). `protocols` is filled in by the registry.
 */
export type Part = DestinationPart | SniffedPart;

interface PartCommon {
  kind: PartIR['kind'];
  /** The home whose folders hold this part's code and templates. */
  home: string;
  /** Every reason explain(), the logs and the metrics may give for this part's decisions, with its meaning. */
  reasons: Readonly<Record<string, string>>;
  lowering: Omit<PartLowering, 'kind' | 'phase' | 'protocols'>;
  generation: Omit<PartGeneration, 'kind'>;
}

/** Decided at connect time from the original destination alone. */
export interface DestinationPart extends PartCommon {
  phase: 'destination';
  decision: DestinationDecision;
}

/** Decided on the client's first bytes, once Pipy's detectProtocol has named the protocol. */
export interface SniffedPart extends PartCommon {
  phase: 'sniffed';
  /** What a probe calls this protocol (`--protocol`), and what detectProtocol reports for it (the script's name). */
  wire: { probe: Exclude<NonNullable<Probe['protocol']>, 'tcp'>; detects: readonly DetectedAsIR[] };
  decision: SniffedDecision;
  simulation: PartSimulation;
}

/**
 * How the simulator (lab/simulator.ts) plays a client of this protocol: Pipy filters whose callbacks see what
 * the client sent, each with the value Pipy hands the callback for a probe.
 */
export interface PartSimulation {
  events: Readonly<Record<string, (probe: Probe) => unknown>>;
}
