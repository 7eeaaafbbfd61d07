/**
 * A pod's config.json as fsm's controller writes it (pkg/sidecar/v1/providers/pipy/repo in flomesh-io/fsm), made from
 * the same pod's osm-edge config.json (lab/osm-edge-config.ts): fsm's scripts read another shape for the same routes.
 * - HttpHostPort2Service values are `{ RuleName, Service }` references, not service names (types.go, HTTPRouteRuleRef);
 * - a config that is not pretty-printed is packed (policy.go, Pack): clusters and route rules are renamed to
 *   five-hex-digit codes, each host's reference keeping the service name in `Service`;
 * - fields tagged omitempty are left out instead of written null; the Spec carries ServiceIdentity and
 *   FeatureFlags.EnableAutoDefaultRoute.
 * Certificates (`SourceCert.FsmIssued`) are fsm's, where osm-edge's say OsmIssued; the lab's in-mesh services are plain
 * TCP and HTTP, so neither config carries one.
 */

type Json = Record<string, unknown>;

/** Packed names in first-seen order (fsm numbers them as it meets them; its order is Go's map order). */
class PackedNames {
  private readonly codes = new Map<string, string>();
  of(name: string): string {
    let code = this.codes.get(name);
    if (code === undefined) {
      code = (this.codes.size + 1).toString(16).toUpperCase().padStart(5, '0');
      this.codes.set(name, code);
    }
    return code;
  }
}

const withoutNulls = (o: Json): Json => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null));

const renamedKeys = (o: Json | null | undefined, names: PackedNames): Json | undefined =>
  o ? Object.fromEntries(Object.entries(o).map(([k, v]) => [names.of(`cluster:${k}`), v])) : undefined;

function packedMatch(match: Json, names: PackedNames): Json {
  const rules = match.HttpServiceRouteRules as Record<string, Json> | null;
  const hosts = match.HttpHostPort2Service as Record<string, string> | null;
  const tcp = match.TcpServiceRouteRules as Json | null;
  return withoutNulls({
    DestinationIPRanges: match.DestinationIPRanges,
    Port: match.Port,
    Protocol: match.Protocol,
    HttpHostPort2Service:
      hosts &&
      Object.fromEntries(
        Object.entries(hosts).map(([host, service]) => [
          host,
          { RuleName: names.of(`rule:${service}`), Service: service },
        ]),
      ),
    HttpServiceRouteRules:
      rules &&
      Object.fromEntries(
        Object.entries(rules).map(([service, r]) => [
          names.of(`rule:${service}`),
          {
            RouteRules: (r.RouteRules as Json[]).map((rule) =>
              withoutNulls({ ...rule, TargetClusters: renamedKeys(rule.TargetClusters as Json, names) }),
            ),
          },
        ]),
      ),
    TcpServiceRouteRules: tcp && {
      TargetClusters: renamedKeys(tcp.TargetClusters as Json, names) ?? {},
      AllowedEgressTraffic: tcp.AllowedEgressTraffic,
    },
  });
}

/** `config` (an osm-edge pod config.json) as fsm writes the same pod's, for the identity `namespace/serviceaccount`. */
export function asFsmConfig(config: Json, identity: string): Json {
  const names = new PackedNames();
  const spec = config.Spec as Json;
  const outbound = config.Outbound as { TrafficMatches: Record<string, Json[]>; ClustersConfigs: Json | null };
  const [namespace, serviceAccount] = identity.split('/');
  return {
    Ts: null,
    Version: null,
    Metrics: false,
    Spec: {
      ServiceIdentity: `${serviceAccount}.${namespace}`,
      SidecarLogLevel: spec.SidecarLogLevel,
      SidecarTimeout: spec.SidecarTimeout,
      Traffic: spec.Traffic,
      FeatureFlags: { EnableSidecarActiveHealthChecks: false, EnableAutoDefaultRoute: false },
      Probes: spec.Probes,
      Observability: {},
    },
    Certificate: null,
    Inbound: config.Inbound,
    Outbound: {
      TrafficMatches: Object.fromEntries(
        Object.entries(outbound.TrafficMatches).map(([port, matches]) => [
          port,
          matches.map((m) => packedMatch(m, names)),
        ]),
      ),
      ClustersConfigs: renamedKeys(outbound.ClustersConfigs, names) ?? null,
    },
    AllowedEndpoints: null,
    Chains: config.Chains,
  };
}
