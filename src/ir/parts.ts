/**
 * What the core knows of a part's IR and plan: its kind and phase. Each part's own IR and plan extend these in its home
 * (src/protocols/<home>/ir.ts); the stages hand them to the part's own code and never look inside.
 */

/** How one part decides the connections of one port class. */
export interface PartIR {
  kind: string;
}

/** What the script must know of a part across every class: whether it is used, and what code of its own it needs. */
export interface PartPlan {
  kind: string;
  phase: 'destination' | 'sniffed';
  used: boolean;
}

/** The part decided from the destination alone, at connect time (there is exactly one: src/protocols/registry.ts). */
export interface DestinationPlan extends PartPlan {
  phase: 'destination';
}

/** A part decided on the client's first bytes. */
export interface SniffedPlan extends PartPlan {
  phase: 'sniffed';
  /** The names Pipy's detectProtocol gives its protocol (none: its `detect` slot recognises the bytes itself). */
  detects: DetectedAsIR[];
  /**
   * It decides request by request (HTTP): a family whose host proxy already decodes requests (osm-edge's outbound-http
   * chain) hands them to its `request` slot.
   */
  requests: boolean;
}

/** Pipy's detectProtocol result that routes a connection to a sniffed part, and the name the script gives it. */
export interface DetectedAsIR {
  pipy: string;
  proto: string;
}

/** Every part's plan, in the registry's order: the one destination part, then the sniffed ones. */
export interface PartPlans {
  destination: DestinationPlan;
  sniffed: SniffedPlan[];
}
