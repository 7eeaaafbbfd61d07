import type { PartGeneration } from '../generate/part-generation.js';
import type { PartLowering } from '../lower/part-lowering.js';
import type { PolicyProtocol } from '../sidecar-spec/types.js';
import type { ProtocolChecks } from '../validate/semantic-rule.js';
import { HTTP } from './http/home.js';
import { HTTPS } from './https/home.js';
import type { Part } from './part.js';
import { TCP_SERVER_FIRST } from './tcp-server-first/home.js';
import { TCP } from './tcp/home.js';

/**
 * Every protocol a policy port may name, each with its home (src/protocols/<protocol>/). The one list: validation,
 * lowering, generation, explain and the simulator all take their protocols from here. How to add one:
 * docs/architecture.md.
 */
export const PROTOCOLS = [TCP, TCP_SERVER_FIRST, HTTPS, HTTP] as const;

export type RegisteredPart = (typeof PROTOCOLS)[number]['part'];

/** The parts that decide them, each once, in the order of the first protocol that uses it. */
export const PARTS: readonly RegisteredPart[] = PROTOCOLS.map((h) => h.part).filter((p, i, all) => all.indexOf(p) === i);

const partProtocols = new Map<Part, readonly PolicyProtocol[]>(PARTS.map((part) => [part, PROTOCOLS.filter((h) => h.part === part).map((h) => h.protocol)]));

/** The policy protocols a part decides. */
export function protocolsOf(part: Part): readonly PolicyProtocol[] {
  return partProtocols.get(part) ?? [];
}

/** What validate() takes from the protocols: their rules, and which of them are sniffed. */
export const PROTOCOL_CHECKS: ProtocolChecks = {
  rules: PROTOCOLS.flatMap((h) => h.rules),
  context: { sniffed: new Set(PARTS.flatMap((p) => (p.phase === 'sniffed' ? protocolsOf(p) : []))) },
};

/** What lower() takes from the parts. */
export const PART_LOWERINGS: readonly PartLowering[] = PARTS.map((p) => ({ kind: p.kind, phase: p.phase, protocols: protocolsOf(p), ...p.lowering }));

/** What generate() takes from the parts. */
export const PART_GENERATIONS: readonly PartGeneration[] = PARTS.map((p) => ({ kind: p.kind, ...p.generation }));

/** What a probe may say it speaks: 'tcp' (anything no sniffed part recognises), then each sniffed part's word. */
export const PROBE_PROTOCOLS: readonly string[] = ['tcp', ...PARTS.flatMap((p) => (p.phase === 'sniffed' ? [p.wire.probe] : []))];
