// The rows the runtime benchmarks compare (bench:runtime in req/s, bench:cost in instructions), each a codebase for
// the sidecar and the URL the client asks for.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { meshPodConfig } from '../../lab/osm-edge-config.js';
import type { MeshCodebases } from '../../lab/mesh-codebase.js';
import type { Target } from '../../src/sidecar-spec/targets.js';
import {
  DECIDING_HTTP_FLOOR,
  fromRepo,
  TCP_NAME,
  HTTP_POLICY,
  httpPolicyPlugin,
  MESH_HTTP,
  MESH_TCP,
  MINIMAL_HTTP,
  MINIMAL_L4,
  MOUNTED,
  OSM_EDGE_HTTP_EGRESS,
  PIPYC_SPECS,
  writeCompiled,
  writeMeshPod,
  writeScript,
  type Codebase,
} from './codebases.js';
import { HTTP_HOST, HTTP_PORT, TLS_HOST, TLS_PORT } from './lab.js';
import { SPEC_SHAPES, shapedSpec } from '../spec-shapes.js';

export const HTTP_URL = `http://${HTTP_HOST}:${HTTP_PORT}/get`;
export const TLS_URL = `https://${TLS_HOST}:${TLS_PORT}/get`;

export interface Row {
  key: string;
  label: string;
  url: string;
  codebase: Codebase | null;
}

/** The rows for one binary; pipyc's codebases are compiled for that binary's target. */
export function rowsFor(root: string, meshes: MeshCodebases, target: Target, dns: boolean): Row[] {
  const rows: Row[] = [
    { key: 'direct', label: 'direct (no sidecar)', url: HTTP_URL, codebase: null },
    { key: 'minimal', label: 'minimal L4 script', url: HTTP_URL, codebase: writeScript(root, 'minimal', MINIMAL_L4) },
    {
      key: 'minimal-http',
      label: 'minimal HTTP proxy',
      url: HTTP_URL,
      codebase: writeScript(root, 'minimal-http', MINIMAL_HTTP),
    },
    {
      key: 'floor-http',
      label: 'HTTP floor: protocol detected, a constant decision',
      url: HTTP_URL,
      codebase: writeScript(root, 'floor-http', DECIDING_HTTP_FLOOR),
    },
    {
      key: 'passthrough',
      label: 'pipyc EnableEgress: true',
      url: HTTP_URL,
      codebase: writeCompiled(root, 'passthrough', PIPYC_SPECS.passthrough, target),
    },
  ];
  const osmEdge = meshes['osm-edge'];
  if (osmEdge) {
    const plugin = httpPolicyPlugin(target);
    rows.push(
      {
        key: 'osm',
        label: 'osm-edge scripts, 1 HTTP policy',
        url: HTTP_URL,
        codebase: writeMeshPod(root, 'osm', 'osm-edge', osmEdge, OSM_EDGE_HTTP_EGRESS, null),
      },
      {
        key: 'osm-egress',
        label: 'osm-edge, egress on, no plugin (allows all)',
        url: HTTP_URL,
        codebase: writeMeshPod(root, 'osm-egress', 'osm-edge', osmEdge, meshPodConfig([], []), null),
      },
      {
        key: 'osm-plugin',
        label: 'osm-edge, egress on + pipyc plugin, 1 HTTP policy',
        url: HTTP_URL,
        codebase: writeMeshPod(root, 'osm-plugin', 'osm-edge', osmEdge, meshPodConfig([], MOUNTED), plugin),
      },
      {
        key: 'osm-mesh',
        label: 'osm-edge, in-mesh HTTP service',
        url: HTTP_URL,
        codebase: writeMeshPod(root, 'osm-mesh', 'osm-edge', osmEdge, meshPodConfig(MESH_HTTP, []), null),
      },
      {
        key: 'osm-mesh-plugin',
        label: 'osm-edge, in-mesh HTTP service, plugin mounted',
        url: HTTP_URL,
        codebase: writeMeshPod(root, 'osm-mesh-plugin', 'osm-edge', osmEdge, meshPodConfig(MESH_HTTP, MOUNTED), plugin),
      },
      {
        key: 'osm-mesh-tcp',
        label: 'osm-edge, in-mesh TCP service',
        url: HTTP_URL,
        codebase: writeMeshPod(root, 'osm-mesh-tcp', 'osm-edge', osmEdge, meshPodConfig(MESH_TCP, []), null),
      },
      {
        key: 'osm-mesh-tcp-plugin',
        label: 'osm-edge, in-mesh TCP service, plugin mounted',
        url: HTTP_URL,
        codebase: writeMeshPod(
          root,
          'osm-mesh-tcp-plugin',
          'osm-edge',
          osmEdge,
          meshPodConfig(MESH_TCP, MOUNTED),
          plugin,
        ),
      },
    );
  }
  // fsm's scripts use Pipy 1.5's API: its rows run on Pipy 1.5 binaries only.
  const fsm = target === 'pipy-1.5' ? meshes.fsm : undefined;
  if (fsm)
    rows.push(
      {
        key: 'fsm',
        label: 'fsm scripts, 1 HTTP policy (its own Egress enforcement)',
        url: HTTP_URL,
        codebase: writeMeshPod(root, 'fsm', 'fsm', fsm, OSM_EDGE_HTTP_EGRESS, null),
      },
      {
        key: 'fsm-egress',
        label: 'fsm, egress on, no plugin (allows all)',
        url: HTTP_URL,
        codebase: writeMeshPod(root, 'fsm-egress', 'fsm', fsm, meshPodConfig([], []), null),
      },
      {
        key: 'fsm-plugin',
        label: 'fsm, egress on + pipyc plugin, 1 HTTP policy',
        url: HTTP_URL,
        codebase: writeMeshPod(
          root,
          'fsm-plugin',
          'fsm',
          fsm,
          meshPodConfig([], MOUNTED),
          httpPolicyPlugin(target, 'fsm'),
        ),
      },
    );
  rows.push(
    {
      key: 'http',
      label: 'pipyc 1 HTTP policy',
      url: HTTP_URL,
      codebase: writeCompiled(root, 'http', PIPYC_SPECS.http, target),
    },
    {
      key: 'http10k',
      label: 'pipyc 10,001 policies (same request)',
      url: HTTP_URL,
      codebase: writeCompiled(root, 'http10k', PIPYC_SPECS.http10k, target),
    },
    {
      key: 'http-metrics',
      label: 'pipyc 1 HTTP policy, metrics on',
      url: HTTP_URL,
      codebase: writeCompiled(root, 'http-metrics', PIPYC_SPECS.httpMetrics, target),
    },
    {
      key: 'tcp',
      label: 'pipyc 1 TCP CIDR policy',
      url: HTTP_URL,
      codebase: writeCompiled(root, 'tcp', PIPYC_SPECS.tcp, target),
    },
    {
      key: 'tcp-metrics',
      label: 'pipyc 1 TCP CIDR policy, metrics on',
      url: HTTP_URL,
      codebase: writeCompiled(root, 'tcp-metrics', PIPYC_SPECS.tcpMetrics, target),
    },
    // The name resolved once through the sidecar's DNS proxy before the run, as an application's resolver would.
    ...(dns
      ? [
          {
            key: 'tcp-name',
            label: 'pipyc 1 TCP policy by name (DNS-learned)',
            url: HTTP_URL,
            codebase: { ...writeCompiled(root, 'tcp-name', PIPYC_SPECS.tcpName, target), resolve: [TCP_NAME] },
          },
        ]
      : []),
    {
      key: 'minimal-tls',
      label: 'minimal L4 script, TLS request',
      url: TLS_URL,
      codebase: writeScript(root, 'minimal-tls', MINIMAL_L4),
    },
    {
      key: 'tls',
      label: 'pipyc 1 TLS SNI policy',
      url: TLS_URL,
      codebase: writeCompiled(root, 'tls', PIPYC_SPECS.tls, target),
    },
    // 10,000 policies in each of the shapes users write, plus the one policy the benchmark's request is allowed by.
    ...SPEC_SHAPES.filter((shape) => shape.key !== 'today').map((shape) => ({
      key: `shape-${shape.key}`,
      label: `pipyc 10,001 policies, ${shape.key}`,
      url: HTTP_URL,
      codebase: writeCompiled(root, `shape-${shape.key}`, shapedSpec(shape, 10_000, [HTTP_POLICY]), target),
    })),
    // Loaded from a repo URL, a sidecar can reload, and checks open connections against the policies in force.
    {
      key: 'http-repo',
      label: 'pipyc 1 HTTP policy, loaded from a repo',
      url: HTTP_URL,
      codebase: fromRepo(writeCompiled(root, 'http-repo', PIPYC_SPECS.http, target)),
    },
    {
      key: 'tcp-repo',
      label: 'pipyc 1 TCP CIDR policy, loaded from a repo',
      url: HTTP_URL,
      codebase: fromRepo(writeCompiled(root, 'tcp-repo', PIPYC_SPECS.tcp, target)),
    },
  );
  for (const extra of (process.env.BENCH_CODEBASES ?? '').split(',').filter(Boolean)) {
    const [label, given] = extra.split('=') as [string, string | undefined];
    // A directory with one codebase per target (<dir>/pipy-1.5/, <dir>/pipy-0.90/) gives each binary its own.
    const dir = given && existsSync(`${given}/${target}/main.js`) ? `${given}/${target}` : given;
    if (!dir || !existsSync(`${dir}/main.js`))
      throw new Error(`BENCH_CODEBASES: "${extra}" is not label=<dir with main.js, or with <target>/main.js>`);
    rows.push({
      key: label,
      label,
      url: HTTP_URL,
      codebase: { dir: resolve(dir), entry: 'main.js', args: ['--admin-port-off', '--log-level=error'] },
    });
  }
  return rows.filter((r) => asked(r.key));
}

/** Whether a run measures the row (or table) of this key: every one without BENCH_ROWS, else those it lists. */
export function asked(key: string): boolean {
  return !process.env.BENCH_ROWS || process.env.BENCH_ROWS.split(',').includes(key);
}

/** A ratio a target is stated in: the row against its baseline, with the target as printed. */
export interface Ratio {
  what: string;
  row: string;
  baseline: string;
  target: string;
}

export const RATIOS: Ratio[] = [
  { what: '1 HTTP policy vs osm-edge', row: 'http', baseline: 'osm', target: '>= 2x / 1.3x' },
  {
    what: '1 HTTP policy vs minimal HTTP',
    row: 'http',
    baseline: 'minimal-http',
    target: "the decision next to Pipy's own HTTP cost",
  },
  {
    what: 'HTTP floor vs minimal HTTP',
    row: 'floor-http',
    baseline: 'minimal-http',
    target: 'what detecting and branching cost',
  },
  {
    what: '1 HTTP policy vs HTTP floor',
    row: 'http',
    baseline: 'floor-http',
    target: '>= 0.95x; what the decision itself costs',
  },
  { what: 'EnableEgress vs minimal L4', row: 'passthrough', baseline: 'minimal', target: '>= 0.95x / 0.95x' },
  { what: '10,001 policies vs 1 policy', row: 'http10k', baseline: 'http', target: '>= 0.95x' },
  ...SPEC_SHAPES.filter((shape) => shape.key !== 'today').map((shape) => ({
    what: `10,001 ${shape.key} vs 1 policy`,
    row: `shape-${shape.key}`,
    baseline: 'http',
    target: '>= 0.95x',
  })),
  { what: 'HTTP policy, metrics on vs off', row: 'http-metrics', baseline: 'http', target: '>= 0.95x' },
  { what: 'TCP policy, metrics on vs off', row: 'tcp-metrics', baseline: 'tcp', target: '>= 0.95x' },
  { what: 'TCP policy by name vs by CIDR', row: 'tcp-name', baseline: 'tcp', target: '>= 0.95x' },
  {
    what: 'TLS SNI policy vs minimal L4',
    row: 'tls',
    baseline: 'minimal-tls',
    target: 'the SNI peek next to a plain forward',
  },
  { what: 'osm-edge + plugin vs its own', row: 'osm-plugin', baseline: 'osm', target: '>= 1.2x / 1.2x' },
  { what: 'fsm + plugin vs its own', row: 'fsm-plugin', baseline: 'fsm', target: '>= 1.5x / 1.2x' },
  { what: 'in-mesh HTTP, plugin mounted', row: 'osm-mesh-plugin', baseline: 'osm-mesh', target: '>= 0.97x / 0.97x' },
  {
    what: 'in-mesh TCP, plugin mounted',
    row: 'osm-mesh-tcp-plugin',
    baseline: 'osm-mesh-tcp',
    target: '>= 0.97x / 0.97x',
  },
  {
    what: 'HTTP policy, from a repo vs a directory',
    row: 'http-repo',
    baseline: 'http',
    target: 'within round-to-round spread',
  },
  {
    what: 'TCP policy, from a repo vs a directory',
    row: 'tcp-repo',
    baseline: 'tcp',
    target: 'within round-to-round spread',
  },
];
