import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { meshPodConfig, type MeshService } from '../../lab/osm-edge-config.js';
import { osmEdgeCodebase, writeOsmEdgeCodebase } from '../../lab/osm-edge-codebase.js';
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

/** The plugin for the test pod's identity deciding `spec` (made plugin-ready), every other identity refused. */
export function pluginScriptOf(spec: SidecarSpec, target: Target): string {
  const identity = `${POD_IDENTITY.namespace}/${POD_IDENTITY.serviceAccount}`;
  return osmEdgePluginScript({
    name: PLUGIN,
    identities: [{ identity, spec: pluginSpecOf(spec) }],
    fallback: { Spec: { SidecarLogLevel: spec.Spec.SidecarLogLevel ?? 'error' } },
    target,
  });
}

/** A pod's sidecar codebase: osm-edge's scripts, its config.json, and the plugin (null: none) mounted on outbound-tcp. */
export function osmEdgePodCodebase(script: string | null): string {
  const dir = mkdtempSync(join(tmpdir(), 'pipyc-osm-edge-'));
  const plugins = script === null ? [] : [{ name: PLUGIN, priority: PLUGIN_PRIORITY, chains: ['outbound-tcp'] }];
  writeOsmEdgeCodebase(
    dir,
    osmEdgeCodebase()!,
    meshPodConfig(MESH_SERVICES, plugins),
    script === null ? {} : { [PLUGIN]: script },
  );
  execFileSync('chmod', ['-R', 'a+rX', dir]);
  return dir;
}

/** The environment osm-edge's injector gives the sidecar (pkg/sidecar/providers/pipy/driver/pipy_container.go). */
export function injectorEnv(identity = POD_IDENTITY): Record<string, string> {
  return { SERVICE_ACCOUNT: identity.serviceAccount, POD_NAMESPACE: identity.namespace, POD_IP: '192.0.2.1' };
}

/**
 * osm-edge's own sidecar in the lab's pod: its stock scripts with the plugin mounted on outbound-tcp, egress on, the
 * mesh services routed, SERVICE_ACCOUNT, POD_NAMESPACE and POD_IP set as its injector sets them.
 */
export function startOsmEdgePod(
  lab: Lab,
  script: string | null,
  identity = POD_IDENTITY,
  logLevel = 'info',
  adminPort: number | null = null,
  binary?: string,
): Promise<PipyProcess> {
  return lab.startPipyOn(
    'main.js',
    // osm-edge starts it with --admin-port=6060, where its stats.js reads Pipy's /metrics for /stats/prometheus.
    [adminPort === null ? '--admin-port-off' : `--admin-port=127.0.0.1:${adminPort}`, `--log-level=${logLevel}`],
    15001,
    osmEdgePodCodebase(script),
    injectorEnv(identity),
    binary,
  );
}
