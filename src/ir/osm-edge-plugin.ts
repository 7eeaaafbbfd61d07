import type { Target } from '../sidecar-spec/targets.js';
import type { EgressIR, LoggingIR, SidecarIR } from './types.js';

/**
 * What the osm-edge plugin's template sees: one decision runtime for every identity of a namespace, specialised to
 * what any of them needs (the flags and part plans, merged), and each identity's egress as data, picked at load by the
 * sidecar's own SERVICE_ACCOUNT and POD_NAMESPACE. Built by src/outputs/osm-edge-plugin/plugin-ir.ts.
 */
export interface OsmEdgePluginIR {
  kind: 'osm-edge-plugin';
  target: Target;
  /** The Plugin object's name, and its file in the sidecar's codebase (plugins/<name>.js). */
  name: string;
  logging: LoggingIR;
  /** osm-edge tells in-mesh traffic from egress, serves metrics and connects upstream: none of it is the plugin's. */
  mesh: null;
  metrics: null;
  upstream: { timeouts: null };
  listener: Omit<SidecarIR['listener'], 'port'>;
  /** `tables` when some identity has tables, all of them with this port index. */
  egress: { tables: { ports: { kind: 'map' | 'ranges' } } | null; sniffTimeout: number; maxClientHelloBytes: number };
  parts: SidecarIR['parts'];
  uses: SidecarIR['uses'];
  /** Some identity's sniffed port takes HTTP: osm-edge's outbound-http chain may hand the plugin requests to decide. */
  decidesRequests: boolean;
  /** 'namespace/serviceaccount' -> index into tableSets, in identity order. */
  identities: [string, number][];
  /** Each distinct egress: its mode and its egress-tables.txt text. */
  tableSets: [EgressIR['kind'], string][];
  /** The tableSets entry of a sidecar whose identity is not listed: the egress default. */
  defaultTableSet: number;
  /**
   * What a running sidecar compares after a reload (docs/semantics.md, "Reloads and open connections"): `generation`
   * names this whole IR, `code` all of it but the data, so old code that finds only the data changed takes the new
   * tables. Hashes of the IR without `reload` (the templates of one pipyc version make the same script of one IR).
   */
  reload: { generation: string; code: string };
}
