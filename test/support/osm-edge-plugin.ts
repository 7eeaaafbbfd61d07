import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { meshCodebase, type SidecarMesh, writeMeshCodebase } from '../../lab/mesh-codebase.js';
import { meshPodConfig, type MeshService } from '../../lab/osm-edge-config.js';
import type { SidecarSpec, Target } from '../../src/index.js';
import { osmEdgePluginScript } from '../../src/compile/compile-osm-edge-plugin.js';
import { PLUGIN_PRIORITY } from '../../src/outputs/osm-edge-plugin/objects.js';
import type { Lab, PipyProcess } from './netns-lab.js';

/** The identity the test pod runs as (its SERVICE_ACCOUNT and POD_NAMESPACE). */
export const POD_IDENTITY = { namespace: 'shop', serviceAccount: 'checkout' };
export const PLUGIN = 'pipyc-egress.shop';

/** In-mesh services the pod's config.json routes (the external host serves both on 198.51.100.20). */
export const MESH_SERVICES: MeshService[] = [
  { kind: 'http', host: 'bookstore.shop', ip: '198.51.100.20', port: 80 },
  { kind: 'tcp', name: 'echo.shop', ip: '198.51.100.20', port: 7000 },
];

/**
 * A spec as the plugin decides it: osm-edge tells in-mesh traffic from egress (no MeshCIDRs), listens on 15001 and
 * serves its own metrics (no OutboundPort, no Metrics), and connects upstream (no timeout).
 */
export function pluginSpecOf(spec: SidecarSpec): SidecarSpec {
  const { MeshCIDRs: _mesh, OutboundPort: _port, ...traffic } = spec.Spec.Traffic ?? {};
  const { Metrics: _metrics, SidecarTimeout: _timeout, ...rest } = spec.Spec;
  return { ...spec, Spec: { ...rest, Traffic: traffic } };
}

const POD = `${POD_IDENTITY.namespace}/${POD_IDENTITY.serviceAccount}`;

/** The plugin for the test pod's identity deciding `spec` (made plugin-ready), every other identity refused. */
export function pluginScriptOf(spec: SidecarSpec, target: Target, mesh: SidecarMesh = 'osm-edge'): string {
  return osmEdgePluginScript({
    name: PLUGIN,
    identities: [{ identity: POD, spec: pluginSpecOf(spec) }],
    fallback: { Spec: { SidecarLogLevel: spec.Spec.SidecarLogLevel ?? 'error' } },
    target,
    mesh,
  });
}

/**
 * A pod's sidecar codebase: the mesh's stock scripts, the pod's config as the mesh's controller writes it, and the
 * plugin (null: none) mounted on outbound-tcp.
 */
export function podCodebase(script: string | null, mesh: SidecarMesh = 'osm-edge'): string {
  const dir = mkdtempSync(join(tmpdir(), `pipyc-${mesh}-`));
  const plugins = script === null ? [] : [{ name: PLUGIN, priority: PLUGIN_PRIORITY, chains: ['outbound-tcp'] }];
  writeMeshCodebase(
    mesh,
    dir,
    meshCodebase(mesh)!,
    meshPodConfig(MESH_SERVICES, plugins),
    POD,
    script === null ? {} : { [PLUGIN]: script },
  );
  execFileSync('chmod', ['-R', 'a+rX', dir]);
  return dir;
}

/**
 * The environment osm-edge's injector gives the sidecar (pkg/sidecar/providers/pipy/driver/pipy_container.go); fsm's
 * gives the same names (pkg/sidecar/v1/providers/pipy/driver/pipy_container.go).
 */
export function injectorEnv(identity = POD_IDENTITY): Record<string, string> {
  return { SERVICE_ACCOUNT: identity.serviceAccount, POD_NAMESPACE: identity.namespace, POD_IP: '192.0.2.1' };
}

export interface PodOptions {
  mesh?: SidecarMesh;
  identity?: { namespace: string; serviceAccount: string };
  logLevel?: string;
  /** Pipy's admin port (where osm-edge's and fsm's stats.js read /metrics), or none. */
  adminPort?: number | null;
  binary?: string;
}

/**
 * The mesh's own sidecar in the lab's pod: its stock scripts with the plugin mounted on outbound-tcp, egress on, the
 * mesh services routed, SERVICE_ACCOUNT, POD_NAMESPACE and POD_IP set as its injector sets them.
 */
export function startMeshPod(lab: Lab, script: string | null, options: PodOptions = {}): Promise<PipyProcess> {
  const { mesh = 'osm-edge', identity = POD_IDENTITY, logLevel = 'info', adminPort = null, binary } = options;
  return lab.startPipyOn(
    'main.js',
    // Both start it with --admin-port (osm-edge 6060), where their stats.js reads Pipy's /metrics for /stats/prometheus.
    [adminPort === null ? '--admin-port-off' : `--admin-port=127.0.0.1:${adminPort}`, `--log-level=${logLevel}`],
    15001,
    podCodebase(script, mesh),
    injectorEnv(identity),
    binary,
  );
}

/** The mesh's sidecar in the lab's pod started from the pod's Pipy repo (a codebase published there first). */
export function startPodFromRepo(lab: Lab, repoPort: number, codebase: string): Promise<PipyProcess> {
  return lab.startPipyOn(
    `http://127.0.0.1:${repoPort}/repo${codebase}/`,
    ['--log-level=error'],
    15001,
    '/',
    injectorEnv(),
  );
}
