/**
 * osm-edge's per-sidecar config.json (what its controller writes for a pod: pkg/sidecar/providers/pipy/repo in
 * flomesh-io/osm-edge), built here for the tests and the benchmarks that run osm-edge's stock scripts. Shapes and
 * defaults as osm-edge writes them.
 */

/** osm-edge's default plugin chains (charts/osm/values.yaml `pluginChains`), built-ins in priority order. */
export const DEFAULT_CHAINS = {
  'outbound-http': [
    'modules/outbound-http-routing.js',
    'modules/outbound-metrics-http.js',
    'modules/outbound-tracing-http.js',
    'modules/outbound-logging-http.js',
    'modules/outbound-circuit-breaker.js',
    'modules/outbound-http-load-balancing.js',
    'modules/outbound-http-default.js',
  ],
  'outbound-tcp': [
    'modules/outbound-tcp-routing.js',
    'modules/outbound-tcp-load-balancing.js',
    'modules/outbound-tcp-default.js',
  ],
};

export interface HttpEgress {
  host: string;
  port: number;
  /** An exact path osm-edge's route allows (its cheapest matcher), with one method. */
  path: string;
  method: string;
}

/** The config.json of a pod whose only egress is one HTTP host (egress otherwise off): the one-policy benchmark row. */
export function httpEgressConfig(e: HttpEgress): object {
  const cluster = `${e.host}:${e.port}`;
  return {
    Spec: {
      SidecarLogLevel: 'error',
      SidecarTimeout: 0,
      Traffic: { EnableEgress: false, HTTP1PerRequestLoadBalancing: false, HTTP2PerRequestLoadBalancing: false },
      FeatureFlags: { EnableSidecarActiveHealthChecks: false },
      Probes: {},
      ClusterSet: null,
    },
    Inbound: { TrafficMatches: null, ClustersConfigs: null },
    Outbound: {
      TrafficMatches: {
        [String(e.port)]: [
          {
            DestinationIPRanges: null,
            Port: e.port,
            Protocol: 'http',
            HttpHostPort2Service: { [e.host]: e.host, [cluster]: e.host },
            HttpServiceRouteRules: {
              [e.host]: {
                RouteRules: [
                  {
                    Path: e.path,
                    Type: 'Exact',
                    Headers: null,
                    Methods: [e.method],
                    TargetClusters: { [cluster]: 100 },
                    AllowedServices: null,
                  },
                ],
                ServiceIdentity: '',
                EgressForwardGateway: null,
                Plugins: null,
              },
            },
            TcpServiceRouteRules: null,
          },
        ],
      },
      ClustersConfigs: { [cluster]: { Endpoints: { [cluster]: { Weight: 100 } } } },
    },
    Chains: DEFAULT_CHAINS,
  };
}

/** osm-edge's built-in modules and their priorities (charts/osm/values.yaml `pluginChains`). */
const BUILT_IN: Record<'outbound-http' | 'outbound-tcp', [string, number][]> = {
  'outbound-http': [
    ['outbound-http-routing', 160],
    ['outbound-metrics-http', 150],
    ['outbound-tracing-http', 140],
    ['outbound-logging-http', 130],
    ['outbound-circuit-breaker', 120],
    ['outbound-http-load-balancing', 110],
    ['outbound-http-default', 100],
  ],
  'outbound-tcp': [
    ['outbound-tcp-routing', 120],
    ['outbound-tcp-load-balancing', 110],
    ['outbound-tcp-default', 100],
  ],
};

/** A plugin as a PluginChain mounts it: its name (plugins/<name>.js), its priority, its chains. */
export interface MountedPlugin {
  name: string;
  priority: number;
  chains: readonly string[];
}

/**
 * config.json `Chains` as osm-controller writes them (pkg/sidecar/providers/pipy/repo/plugin.go, setSidecarChain):
 * the built-ins plus every mounted plugin, highest priority first.
 */
export function chainsWith(plugins: readonly MountedPlugin[]): Record<string, string[]> {
  return Object.fromEntries(
    (Object.keys(BUILT_IN) as (keyof typeof BUILT_IN)[]).map((chain) => {
      const items = [
        ...BUILT_IN[chain].map(([name, priority]) => ({ file: `modules/${name}.js`, priority })),
        ...plugins
          .filter((p) => p.chains.includes(chain))
          .map((p) => ({ file: `plugins/${p.name}.js`, priority: p.priority })),
      ];
      return [chain, items.sort((a, b) => b.priority - a.priority).map((i) => i.file)];
    }),
  );
}

/** An in-mesh service as osm-edge routes it: HTTP by Host to its endpoint, or TCP to its endpoint. */
export type MeshService =
  | { kind: 'http'; host: string; ip: string; port: number }
  | { kind: 'tcp'; name: string; ip: string; port: number };

/**
 * The config.json of a pod with in-mesh services and egress on (the osm-edge plugin's precondition), osm-edge's own
 * egress policy off (no egress TrafficMatches), its chains with the given plugins mounted.
 */
export function meshPodConfig(
  services: readonly MeshService[],
  plugins: readonly MountedPlugin[],
  enableEgress = true,
): object {
  const matches: Record<string, object[]> = {};
  const clusters: Record<string, object> = {};
  for (const s of services) {
    const cluster = s.kind === 'http' ? `${s.host}|${s.port}` : `${s.name}|${s.port}`;
    clusters[cluster] = { Endpoints: { [`${s.ip}:${s.port}`]: { Weight: 100 } } };
    const common = { DestinationIPRanges: { [`${s.ip}/32`]: null }, Port: s.port };
    (matches[String(s.port)] ??= []).push(
      s.kind === 'http'
        ? {
            ...common,
            Protocol: 'http',
            HttpHostPort2Service: { [s.host]: s.host, [`${s.host}:${s.port}`]: s.host },
            HttpServiceRouteRules: {
              [s.host]: {
                RouteRules: [
                  {
                    Path: '.*',
                    Type: 'Regex',
                    Headers: null,
                    Methods: null,
                    TargetClusters: { [cluster]: 100 },
                    AllowedServices: null,
                  },
                ],
                ServiceIdentity: s.host,
                EgressForwardGateway: null,
                Plugins: null,
              },
            },
            TcpServiceRouteRules: null,
          }
        : {
            ...common,
            Protocol: 'tcp',
            HttpHostPort2Service: null,
            HttpServiceRouteRules: null,
            TcpServiceRouteRules: {
              TargetClusters: { [cluster]: 100 },
              AllowedEgressTraffic: false,
              EgressForwardGateway: null,
              Plugins: null,
            },
          },
    );
  }
  return {
    Spec: {
      SidecarLogLevel: 'error',
      SidecarTimeout: 0,
      Traffic: { EnableEgress: enableEgress, HTTP1PerRequestLoadBalancing: false, HTTP2PerRequestLoadBalancing: false },
      FeatureFlags: { EnableSidecarActiveHealthChecks: false },
      Probes: {},
      ClusterSet: null,
    },
    Inbound: { TrafficMatches: null, ClustersConfigs: null },
    Outbound: { TrafficMatches: matches, ClustersConfigs: clusters },
    Chains: chainsWith(plugins),
  };
}
