/**
 * osm-edge's per-sidecar config.json (what its controller writes for a pod: pkg/sidecar/providers/pipy/repo in
 * flomesh-io/osm-edge), built here for the tests and the benchmarks that run osm-edge's stock scripts. Shapes and
 * defaults as osm-edge writes them.
 */

/** osm-edge's default plugin chains (charts/osm/values.yaml `pluginChains`), built-ins in priority order. */
export const DEFAULT_CHAINS = {
  'outbound-http': [
    'modules/outbound-http-routing.js', 'modules/outbound-metrics-http.js', 'modules/outbound-tracing-http.js', 'modules/outbound-logging-http.js',
    'modules/outbound-circuit-breaker.js', 'modules/outbound-http-load-balancing.js', 'modules/outbound-http-default.js',
  ],
  'outbound-tcp': ['modules/outbound-tcp-routing.js', 'modules/outbound-tcp-load-balancing.js', 'modules/outbound-tcp-default.js'],
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
                RouteRules: [{ Path: e.path, Type: 'Exact', Headers: null, Methods: [e.method], TargetClusters: { [cluster]: 100 }, AllowedServices: null }],
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
