import { tablesFile } from '../../generate/runtime-tables.js';
import type { OsmEdgePluginIR } from '../../ir/osm-edge-plugin.js';
import type { PartPlanIR, PolicyTablesIR, PortIndexIR, SidecarIR } from '../../ir/types.js';
import { PART_GENERATIONS } from '../../protocols/registry.js';
import { sha256 } from '../../manifest/manifest.js';
import { PIPYC_VERSION } from '../../version.js';

/** The port osm-edge's sidecar takes redirected outbound traffic on: never forwarded to on the pod itself. */
export const OSM_EDGE_OUTBOUND_PORT = 15001;

/**
 * One plugin's IR from its identities' sidecar IRs (each lowered from the spec it resolves to in plugin mode) and the
 * egress default's: the code is made for what any of them needs, each identity's egress is its mode and tables.
 */
export function pluginIR(name: string, identities: readonly { identity: string; ir: SidecarIR }[], fallback: SidecarIR): OsmEdgePluginIR {
  const all = [...identities.map((i) => i.ir), fallback];
  const ranges = all.some((ir) => ir.egress.tables?.ports.kind === 'ranges');
  const tableSets: OsmEdgePluginIR['tableSets'] = [];
  const setOf = (ir: SidecarIR) => {
    const text = ir.egress.tables === null ? '' : embedded(tablesFile(ranges ? withRanges(ir) : ir, PART_GENERATIONS));
    const found = tableSets.findIndex(([mode, t]) => mode === ir.egress.kind && t === text);
    return found >= 0 ? found : tableSets.push([ir.egress.kind, text]) - 1;
  };
  const any = (flag: (ir: SidecarIR) => boolean) => all.some(flag);
  const planOf = (ir: SidecarIR, i: number): PartPlanIR => [...ir.parts.destination, ...ir.parts.sniffed][i]!;
  const merged = [...fallback.parts.destination, ...fallback.parts.sniffed].map((plan, i) => mergePlans(all.map((ir) => planOf(ir, i)), plan));
  const withTables = any((ir) => ir.egress.tables !== null);
  const ir: Omit<OsmEdgePluginIR, 'reload'> = {
    kind: 'osm-edge-plugin',
    target: fallback.target,
    name,
    logging: fallback.logging,
    mesh: null,
    metrics: null,
    upstream: { timeouts: null },
    listener: { ownPorts: [OSM_EDGE_OUTBOUND_PORT], memoLimit: fallback.listener.memoLimit },
    egress: { tables: withTables ? { ports: { kind: ranges ? 'ranges' : 'map' } } : null, sniffTimeout: sniffTimeoutOf(all), maxClientHelloBytes: clientHelloOf(all) },
    parts: {
      destination: merged.filter((p): p is SidecarIR['parts']['destination'][number] => p.phase === 'destination'),
      sniffed: merged.filter((p): p is SidecarIR['parts']['sniffed'][number] => p.phase === 'sniffed'),
    },
    uses: {
      ipv6: any((ir) => ir.uses.ipv6),
      ipProbe: any((ir) => ir.uses.ipProbe),
      tableLookup: withTables,
      sniff: any((ir) => ir.uses.sniff),
      verdicts: true,
      credit: any((ir) => ir.uses.credit),
      // Plugin mode resolves no DNS proxy: osm-edge's sidecar runs its own (docs/osm-edge-plugin.md).
      byName: false,
    },
    decidesRequests: merged.some((p) => p.kind === 'http' && p.used),
    identities: identities.map(({ identity, ir }) => [identity, setOf(ir)]),
    tableSets,
    defaultTableSet: setOf(fallback),
  };
  const { identities: _i, tableSets: _t, defaultTableSet: _d, ...code } = ir;
  return { ...ir, reload: { generation: sha256(PIPYC_VERSION + JSON.stringify(ir)).slice(0, 16), code: sha256(PIPYC_VERSION + JSON.stringify(code)).slice(0, 16) } };
}

/** Tables as the script embeds them: without the comments for a reader of the file, every line ended by '\n'. */
function embedded(tables: string): string {
  return tables.split('\n').filter((line) => !line.startsWith('#')).map((line) => `${line}\n`).join('');
}

/** A part's plan for every identity: used by any; flags that emit code, set by any; its data is in each one's tables. */
function mergePlans(plans: readonly PartPlanIR[], base: PartPlanIR): PartPlanIR {
  const used = plans.some((p) => p.used);
  if (base.kind !== 'http') return { ...base, used };
  const http = plans.filter((p) => p.kind === 'http');
  return { ...base, used, rules: [], regexes: [], regexPath: http.some((p) => p.regexPath), headerMatch: http.some((p) => p.headerMatch) };
}

/** The same IR with its port index as ranges, so every identity's [ports] rows have one form. */
function withRanges(ir: SidecarIR): SidecarIR {
  const tables = ir.egress.tables;
  if (tables === null || tables.ports.kind === 'ranges') return ir;
  const egress = { ...ir.egress, tables: { ...tables, ports: asRanges(tables.ports) } as PolicyTablesIR };
  return { ...ir, egress } as SidecarIR;
}

function asRanges(ports: PortIndexIR): PortIndexIR {
  if (ports.kind === 'ranges') return ports;
  const segments: { first: number; last: number; classIndex: number }[] = [];
  for (const [port, classIndex] of ports.entries) {
    const last = segments[segments.length - 1];
    if (last && last.last + 1 === port && last.classIndex === classIndex) last.last = port;
    else segments.push({ first: port, last: port, classIndex });
  }
  return { kind: 'ranges', segments };
}

function sniffTimeoutOf(irs: readonly SidecarIR[]): number {
  return Math.max(...irs.map((ir) => (ir.egress.kind === 'policies' ? ir.egress.sniffTimeout : 0)));
}

function clientHelloOf(irs: readonly SidecarIR[]): number {
  return Math.max(...irs.map((ir) => (ir.egress.kind === 'policies' ? ir.egress.maxClientHelloBytes : 0)));
}
