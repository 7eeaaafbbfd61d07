import { warning, type Diagnostic } from '../diagnostics/diagnostic.js';
import { ObjectReader } from './object-reader.js';
import type { MeshObject, ObjectPath } from './objects.js';

/** What a MeshConfig decides for every sidecar's egress, and where each value was written. */
export interface MeshSettings {
  enableEgress: boolean;
  enableEgressPolicy: boolean;
  /** osm-edge reads Plugin and PluginChain objects only with it (what the osm-edge-plugin output needs). */
  enablePluginPolicy: boolean;
  logLevel?: string;
  /** Seconds; osm-edge applies it only when above 0. */
  sidecarTimeout?: number;
  /** osm-edge's sidecar DNS proxy is on (`spec.sidecar.localDNSProxy.enable`) and forwards to this resolver. */
  localDnsUpstream?: string;
  /** The MeshConfig field each setting came from (for messages about the resolved spec). */
  fields:
    | {
        object: MeshObject;
        enableEgress: ObjectPath;
        enableEgressPolicy: ObjectPath;
        enablePluginPolicy: ObjectPath;
        logLevel: ObjectPath;
        sidecarTimeout: ObjectPath;
        localDnsUpstream: ObjectPath;
      }
    | undefined;
}

/**
 * Without a MeshConfig: egress passthrough off (osm-edge's documented default; its chart installs `true`), Egress
 * policies on, log level error, no timeout.
 */
const DEFAULT_MESH_SETTINGS: MeshSettings = {
  enableEgress: false,
  enableEgressPolicy: true,
  enablePluginPolicy: false,
  fields: undefined,
};

/** MeshConfig fields that shape which traffic reaches the sidecar at all: they belong to the pod's iptables rules. */
const IPTABLES_FIELDS = [
  'outboundIPRangeExclusionList',
  'outboundIPRangeInclusionList',
  'outboundPortExclusionList',
  'inboundPortExclusionList',
  'networkInterfaceExclusionList',
];
// egressGateway: fsm's, read to report it when enabled.
const READ_SECTIONS = new Set(['traffic', 'sidecar', 'featureFlags', 'egressGateway']);

export function readMeshSettings(configs: readonly MeshObject[], diagnostics: Diagnostic[]): MeshSettings {
  if (configs.length === 0) {
    diagnostics.push(
      warning(
        'PIPYC7009',
        'no MeshConfig among the objects: using enableEgress=false, enableEgressPolicy=true, logLevel=error and no sidecar timeout',
        undefined,
        "pass the mesh's MeshConfig too (kubectl get meshconfig -A -o yaml)",
      ),
    );
    return DEFAULT_MESH_SETTINGS;
  }
  const [config] = configs;
  const read = new ObjectReader(config!, diagnostics);
  for (const other of configs.slice(1)) {
    new ObjectReader(other, diagnostics).error(
      'PIPYC7005',
      [],
      `a second MeshConfig (besides ${read.label}); a mesh has exactly one`,
      'pass only the MeshConfig of the mesh these sidecars belong to',
    );
  }
  read.map(['spec']);
  const enableEgress = read.boolean(['spec', 'traffic', 'enableEgress']) ?? false;
  // osm-edge reads an absent flag as false (Go's zero value), and then ignores every Egress object.
  const enableEgressPolicy = read.boolean(['spec', 'featureFlags', 'enableEgressPolicy']) ?? false;
  const enablePluginPolicy = read.boolean(['spec', 'featureFlags', 'enablePluginPolicy']) ?? false;
  const logLevel = read.string(['spec', 'sidecar', 'logLevel']);
  const timeout = read.integer(['spec', 'sidecar', 'sidecarTimeout'], Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
  const dns = localDnsProxy(read);
  fsmOnlySettings(read);
  for (const field of IPTABLES_FIELDS) {
    const path = ['spec', 'traffic', field];
    const value = read.get(path);
    if (value !== undefined && value !== null && !(Array.isArray(value) && value.length === 0)) {
      read.warn(
        'PIPYC7010',
        path,
        `spec.traffic.${field} is not the sidecar's business: it shapes the pod's iptables rules (osm-edge's init container), which decide what reaches the sidecar`,
        "apply it in the pod's iptables rules; the compiled sidecar does not see it",
      );
    }
  }
  const spec = read.map(['spec']) ?? {};
  const unread = Object.keys(spec)
    .filter((k) => !READ_SECTIONS.has(k))
    .sort();
  if (unread.length > 0)
    read.warn(
      'PIPYC7010',
      ['spec'],
      `not read (they do not shape egress): ${unread.map((k) => `spec.${k}`).join(', ')}`,
    );
  return {
    enableEgress,
    enableEgressPolicy,
    enablePluginPolicy,
    ...(logLevel !== undefined && logLevel !== '' && { logLevel }),
    ...(timeout !== undefined && timeout > 0 && { sidecarTimeout: timeout }),
    ...(dns && { localDnsUpstream: dns.upstream }),
    fields: {
      object: config!,
      enableEgress: ['spec', 'traffic', 'enableEgress'],
      enableEgressPolicy: ['spec', 'featureFlags', 'enableEgressPolicy'],
      enablePluginPolicy: ['spec', 'featureFlags', 'enablePluginPolicy'],
      logLevel: ['spec', 'sidecar', 'logLevel'],
      sidecarTimeout: ['spec', 'sidecar', 'sidecarTimeout'],
      localDnsUpstream: dns?.from ?? ['spec', 'sidecar', 'localDNSProxy'],
    },
  };
}

const DNS_PROXY: ObjectPath = ['spec', 'sidecar', 'localDNSProxy'];

/**
 * What fsm's MeshConfig adds that shapes egress and that pipyc does not carry out, each reported at its field: the
 * names its sidecar's DNS proxy answers itself (static records and a wildcard answer, never asked upstream), and its
 * egress gateway.
 */
function fsmOnlySettings(read: ObjectReader): void {
  const db = read.get([...DNS_PROXY, 'db']);
  if (Array.isArray(db) && db.length > 0)
    read.warn(
      'PIPYC7008',
      [...DNS_PROXY, 'db'],
      "localDNSProxy.db: names fsm's sidecar answers from the MeshConfig without asking an upstream are not answered by pipyc's DNS proxy (it asks the upstream for every name), so a tcp Egress host among them is learned only if the upstream resolves it too",
      'give those names to the cluster DNS as well, or allow their addresses by ipAddresses',
    );
  if (read.boolean([...DNS_PROXY, 'wildcard', 'enable']) === true)
    read.warn(
      'PIPYC7008',
      [...DNS_PROXY, 'wildcard', 'enable'],
      "localDNSProxy.wildcard: the address fsm's sidecar gives every unresolved name is not given by pipyc's DNS proxy, which answers what the upstream answers",
    );
  if (read.boolean(['spec', 'egressGateway', 'enabled']) === true)
    read.warn(
      'PIPYC7008',
      ['spec', 'egressGateway', 'enabled'],
      'egress gateways are not supported: allowed traffic goes straight to its original destination',
    );
}

/**
 * osm-edge's sidecar DNS proxy: on with `enable`, forwarding to the primary upstream, else the secondary (as its
 * dns-main.js picks). Enabled without either, osm-edge's script falls back to an environment variable or 10.96.0.10,
 * which pipyc cannot know: it is warned, and the sidecar gets no DNS proxy.
 */
function localDnsProxy(read: ObjectReader): { upstream: string; from: ObjectPath } | undefined {
  if (read.boolean([...DNS_PROXY, 'enable']) !== true) return undefined;
  for (const field of ['primaryUpstreamDNSServerIPAddr', 'secondaryUpstreamDNSServerIPAddr']) {
    const upstream = read.string([...DNS_PROXY, field]);
    if (upstream) return { upstream, from: [...DNS_PROXY, field] };
  }
  read.warn(
    'PIPYC7018',
    [...DNS_PROXY, 'enable'],
    "localDNSProxy is on without an upstream address: osm-edge's sidecar then asks the resolver in its environment (or 10.96.0.10), which pipyc cannot know, so the compiled sidecar has no DNS proxy and tcp Egress hosts allow by port",
    'set primaryUpstreamDNSServerIPAddr (the cluster DNS service address)',
  );
  return undefined;
}
