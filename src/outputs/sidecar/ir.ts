import { tableLines } from '../../generate/runtime-tables.js';
import type { PartGeneration } from '../../generate/part-generation.js';
import type { DnsIR, EgressIR, LoweredSpec, UpstreamIR } from '../../ir/lowered.js';
import type { RuntimeIR } from '../../ir/runtime.js';

/** What the standalone sidecar's templates see: the shared runtime's IR, and what the pod's whole outbound proxy adds. */
interface SidecarIR extends RuntimeIR {
  kind: 'sidecar';
  listener: RuntimeIR['listener'] & { port: number };
  /** null: no metrics listener. */
  metrics: { port: number } | null;
  upstream: UpstreamIR;
  /** null: no DNS proxy. */
  dns: DnsIR | null;
  /** What egress no mesh CIDR covers gets: refused, passed, or decided by the policies. */
  egressMode: EgressIR['kind'];
  /** egress-tables.txt, line by line (pipy-templates/sidecar/egress-tables.txt.hbs); null: the spec needs none. */
  tables: string[] | null;
}

/** Pure: the lowered spec as the sidecar's templates see it. */
export function sidecarIR(lowered: LoweredSpec, generations: readonly PartGeneration[]): SidecarIR {
  const { target, logging, listener, metrics, upstream, dns, egress, parts, uses } = lowered;
  return {
    kind: 'sidecar',
    target,
    logging,
    listener,
    portIndex: egress.tables === null ? null : egress.tables.ports.kind,
    sniffTimeout: egress.kind === 'policies' && uses.sniff ? egress.sniffTimeout : null,
    parts,
    uses,
    audit: lowered.audit,
    boundedLines: lowered.audit || logging.kind === 'bounded-refusals' ? lowered.boundedLines : null,
    metrics,
    upstream,
    dns,
    egressMode: egress.kind,
    tables: uses.tableLookup ? tableLines(lowered, generations) : null,
  };
}
