import type { PartGeneration, PartGenerationHooks } from '../generate/part-generation.js';
import type { PartLowering, PartLoweringHooks, PartLowerings } from '../lower/part-lowering.js';
import type { PolicyProtocol } from '../sidecar-spec/types.js';
import { internalError } from '../util/internal-error.js';
import type { ProtocolChecks } from '../validate/semantic-rule.js';
import { HTTP } from './http/home.js';
import { HTTPS } from './https/home.js';
import type { DestinationPart, Part, ProtocolHome, SniffedPart } from './part.js';
import { TCP_SERVER_FIRST } from './tcp-server-first/home.js';
import { TCP } from './tcp/home.js';

/**
 * Every protocol a policy port may name, each with its home (src/protocols/<protocol>/). The one list: the stages take
 * their protocols from the registry made of it, handed in once by the compile entry points (src/compile/). How to add
 * one: docs/architecture.md.
 */
export const HOMES = [TCP, TCP_SERVER_FIRST, HTTPS, HTTP] as const;
export const PROTOCOLS: readonly ProtocolHome[] = HOMES;

/** What each stage takes from the protocols. */
export interface ProtocolRegistry {
  homes: readonly ProtocolHome[];
  /** The parts that decide them, each once, in the order of the first protocol that uses it. */
  parts: { destination: DestinationPart; sniffed: readonly SniffedPart[] };
  /** The policy protocols a part decides. */
  protocolsOf(part: Part): readonly PolicyProtocol[];
  /** What validate() takes: the protocols' rules, and which of them are sniffed. */
  checks: ProtocolChecks;
  /** What lower() takes. */
  lowerings: PartLowerings;
  /** What generate() takes, in the parts' order. */
  generations: readonly PartGeneration[];
  /** What a probe may say it speaks: 'tcp' (anything no sniffed part recognises), then each sniffed part's word. */
  probeProtocols: readonly string[];
  /** Every part's reasons, with their meanings, in the parts' order. */
  reasons: Readonly<Record<string, string>>;
}

/**
 * A registry over `homes`. Exactly one part decides from the destination alone (the connection's way to the other
 * parts starts there); a list with none or two is a pipyc bug, refused here.
 */
export function protocolRegistry(homes: readonly ProtocolHome[]): ProtocolRegistry {
  const all = homes.map((h) => h.part).filter((p, i, list) => list.indexOf(p) === i);
  const destination = all.filter((p): p is DestinationPart => p.phase === 'destination');
  if (destination.length !== 1)
    throw internalError(
      `the protocol registry has ${destination.length} destination parts; exactly one decides from the destination`,
    );
  const sniffed = all.filter((p): p is SniffedPart => p.phase === 'sniffed');
  const protocols = new Map<Part, readonly PolicyProtocol[]>(
    all.map((part) => [part, homes.filter((h) => h.part === part).map((h) => h.protocol)]),
  );
  const protocolsOf = (part: Part) => protocols.get(part) ?? [];
  const lowering = (p: Part): PartLowering => ({
    ...(p.lowering as PartLoweringHooks),
    kind: p.kind,
    protocols: protocolsOf(p),
  });
  return {
    homes,
    parts: { destination: destination[0]!, sniffed },
    protocolsOf,
    checks: { rules: homes.flatMap((h) => h.rules), context: { sniffed: new Set(sniffed.flatMap(protocolsOf)) } },
    lowerings: { destination: lowering(destination[0]!), sniffed: sniffed.map(lowering) } as unknown as PartLowerings,
    generations: [destination[0]!, ...sniffed].map(
      (p): PartGeneration => ({ ...(p.generation as PartGenerationHooks), kind: p.kind }),
    ),
    probeProtocols: ['tcp', ...sniffed.map((p) => p.wire.probe)],
    reasons: Object.assign({}, ...[destination[0]!, ...sniffed].map((p) => p.reasons)) as Record<string, string>,
  };
}

/** pipyc's protocols. */
export const REGISTRY: ProtocolRegistry = protocolRegistry(PROTOCOLS);
