import type { PartGeneration } from '../../generate/part-generation.js';
import { tableLines } from '../../generate/runtime-tables.js';
import type { EgressIR, LoweredSpec } from '../../ir/lowered.js';
import type { PartPlan, PartPlans } from '../../ir/parts.js';
import type { RuntimeIR, RuntimeUses } from '../../ir/runtime.js';
import type { PolicyTablesIR, PortIndexIR } from '../../ir/tables.js';
import { inOrder, type PartLowering, type PartLowerings } from '../../lower/part-lowering.js';
import { sha256 } from '../../manifest/manifest.js';
import type { MeshFlavour } from '../../mesh/objects.js';
import { PIPYC_VERSION } from '../../version.js';

/** The port osm-edge's sidecar takes redirected outbound traffic on: never forwarded to on the pod itself. */
const OSM_EDGE_OUTBOUND_PORT = 15001;

/**
 * What the osm-edge plugin's template sees: the shared runtime's IR, one decision runtime for every identity of a
 * namespace, specialised to what any of them needs (the flags and part plans, merged), and each identity's egress as
 * data, picked at load by the sidecar's own SERVICE_ACCOUNT and POD_NAMESPACE.
 */
export interface OsmEdgePluginIR extends RuntimeIR {
  kind: 'osm-edge-plugin';
  /** The Plugin object's name, and its file in the sidecar's codebase (plugins/<name>.js). */
  name: string;
  /** The mesh whose sidecars run it: osm-edge's, or fsm's (the same chains and Plugin API). */
  mesh: MeshFlavour;
  /** Some identity's sniffed port takes HTTP: osm-edge's outbound-http chain may hand the plugin requests to decide. */
  decidesRequests: boolean;
  /** 'namespace/serviceaccount' -> index into tableSets, in identity order. */
  identities: [string, number][];
  /**
   * Each distinct egress: its mode, whether it audits (what its policies refuse passes as would-deny), and its tables
   * (egress-tables.txt's lines, without the comments).
   */
  tableSets: [EgressIR['kind'], boolean, string[]][];
  /** The tableSets entry of a sidecar whose identity is not listed: the egress default. */
  defaultTableSet: number;
  /**
   * What a running sidecar compares after a reload (docs/semantics.md, "Reloads and open connections"): `generation`
   * names this whole IR, `code` all of it but the data, so old code that finds only the data changed takes the new
   * tables. Hashes of the IR without `reload` (the templates of one pipyc version make the same script of one IR).
   */
  reload: { generation: string; code: string };
}

/**
 * One plugin's IR from its identities' lowered specs (each resolved in egress-only mode) and the egress default's:
 * the code is made for what any of them needs, each identity's egress is its mode and tables. Pure.
 */
export function pluginIR(
  name: string,
  identities: readonly { identity: string; lowered: LoweredSpec }[],
  fallback: LoweredSpec,
  parts: { lowerings: PartLowerings; generations: readonly PartGeneration[] },
  mesh: MeshFlavour,
): OsmEdgePluginIR {
  const all = [...identities.map((i) => i.lowered), fallback];
  const ranges = all.some((l) => l.egress.tables?.ports.kind === 'ranges');
  const tableSets: OsmEdgePluginIR['tableSets'] = [];
  const texts: [string, string, boolean][] = [];
  const setOf = (l: LoweredSpec) => {
    const lines =
      l.egress.tables === null
        ? []
        : tableLines(ranges ? withRanges(l) : l, parts.generations).filter((line) => !line.startsWith('#'));
    const text = lines.join('\n');
    const found = texts.findIndex(([mode, t, audit]) => mode === l.egress.kind && t === text && audit === l.audit);
    if (found >= 0) return found;
    texts.push([l.egress.kind, text, l.audit]);
    return tableSets.push([l.egress.kind, l.audit, lines]) - 1;
  };
  const any = (flag: keyof RuntimeUses) => all.some((l) => l.uses[flag]);
  const plans = mergedPlans(
    all.map((l) => l.parts),
    parts.lowerings,
  );
  const withTables = all.some((l) => l.egress.tables !== null);
  const sniffTimeouts = all.flatMap((l) =>
    l.egress.kind === 'policies' && l.uses.sniff ? [l.egress.sniffTimeout] : [],
  );
  const ir: Omit<OsmEdgePluginIR, 'reload'> = {
    kind: 'osm-edge-plugin',
    target: fallback.target,
    name,
    mesh,
    logging: fallback.logging,
    listener: { ownPorts: [OSM_EDGE_OUTBOUND_PORT], memoLimit: fallback.listener.memoLimit },
    portIndex: withTables ? (ranges ? 'ranges' : 'map') : null,
    sniffTimeout: sniffTimeouts.length > 0 ? Math.max(...sniffTimeouts) : null,
    parts: plans,
    // Always there, so an identity moving from audit to enforce (or back) changes the plugin's data, not its code:
    // open connections are then decided again, not cut (docs/semantics.md, "Reloads and open connections").
    audit: true,
    boundedLines: fallback.boundedLines,
    uses: {
      ipv6: any('ipv6'),
      ipProbe: any('ipProbe'),
      tableLookup: withTables,
      // osm-edge tells in-mesh traffic from egress; the plugin counts its decisions in Pipy's own metrics.
      meshTable: false,
      metrics: true,
      sniff: any('sniff'),
      verdicts: true,
      // The counters' policy label credits every allowed decision.
      reports: true,
      credit: true,
      // Egress-only mode resolves no DNS proxy: osm-edge's sidecar runs its own (docs/osm-edge-plugin.md).
      byName: false,
    },
    decidesRequests: plans.sniffed.some((p) => p.used && p.requests),
    identities: identities.map(({ identity, lowered }) => [identity, setOf(lowered)]),
    tableSets,
    defaultTableSet: setOf(fallback),
  };
  const { identities: _i, tableSets: _t, defaultTableSet: _d, ...code } = ir;
  return {
    ...ir,
    reload: {
      generation: sha256(PIPYC_VERSION + JSON.stringify(ir)).slice(0, 16),
      code: sha256(PIPYC_VERSION + JSON.stringify(code)).slice(0, 16),
    },
  };
}

/** Each part's plan for every spec, merged by the part itself (PartLowering.merge): used by any, its code for any. */
function mergedPlans(each: readonly PartPlans[], lowerings: PartLowerings): PartPlans {
  const merge = (part: PartLowering, i: number): PartPlan => part.merge(each.map((plans) => inOrder(plans)[i]!));
  const [destination, ...sniffed] = inOrder(lowerings).map(merge);
  return { destination, sniffed } as PartPlans;
}

/** The same spec with its port index as ranges, so every identity's [ports] rows have one form. */
function withRanges(lowered: LoweredSpec): LoweredSpec {
  const tables = lowered.egress.tables;
  if (tables === null || tables.ports.kind === 'ranges') return lowered;
  const egress = { ...lowered.egress, tables: { ...tables, ports: asRanges(tables.ports) } as PolicyTablesIR };
  return { ...lowered, egress } as LoweredSpec;
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
