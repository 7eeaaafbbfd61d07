import { describe, expect, it } from 'vitest';
import { asFsmConfig } from '../../lab/fsm-config.js';
import { httpEgressConfig, meshPodConfig } from '../../lab/osm-edge-config.js';

interface Match {
  HttpHostPort2Service?: Record<string, { RuleName: string; Service: string }>;
  HttpServiceRouteRules?: Record<string, { RouteRules: { TargetClusters: Record<string, number> }[] }>;
  TcpServiceRouteRules?: { TargetClusters: Record<string, number> };
}
interface FsmConfig {
  Spec: { Traffic: { EnableEgress: boolean } };
  Outbound: { TrafficMatches: Record<string, Match[]>; ClustersConfigs: Record<string, unknown> };
  Chains: unknown;
}
const fsmOf = (config: object, identity: string) =>
  asFsmConfig(config as Record<string, unknown>, identity) as unknown as FsmConfig;

const pod = meshPodConfig(
  [
    { kind: 'http', host: 'bookstore.shop', ip: '198.51.100.20', port: 80 },
    { kind: 'tcp', name: 'echo.shop', ip: '198.51.100.20', port: 7000 },
  ],
  [{ name: 'pipyc-egress.shop', priority: 115, chains: ['outbound-tcp'] }],
);

describe("a pod's config as fsm's controller writes it", () => {
  const fsm = fsmOf(pod, 'shop/checkout');
  const http = fsm.Outbound.TrafficMatches['80']![0]!;
  const tcp = fsm.Outbound.TrafficMatches['7000']![0]!;

  it('refers each host to a packed route rule by RuleName, keeping the service name', () => {
    expect(http.HttpHostPort2Service).toEqual({
      'bookstore.shop': { RuleName: expect.stringMatching(/^[0-9A-F]{5}$/), Service: 'bookstore.shop' },
      'bookstore.shop:80': {
        RuleName: http.HttpHostPort2Service!['bookstore.shop']!.RuleName,
        Service: 'bookstore.shop',
      },
    });
    expect(Object.keys(http.HttpServiceRouteRules!)).toEqual([http.HttpHostPort2Service!['bookstore.shop']!.RuleName]);
  });

  it('renames every cluster to a packed code, the same where a route names it and where it is configured', () => {
    const targets = [
      ...Object.keys(Object.values(http.HttpServiceRouteRules!)[0]!.RouteRules[0]!.TargetClusters),
      ...Object.keys(tcp.TcpServiceRouteRules!.TargetClusters),
    ];
    expect(targets.every((t) => /^[0-9A-F]{5}$/.test(t))).toBe(true);
    expect(Object.keys(fsm.Outbound.ClustersConfigs).sort()).toEqual([...targets].sort());
    expect(fsm.Outbound.ClustersConfigs[targets[1]!]).toEqual({ Endpoints: { '198.51.100.20:7000': { Weight: 100 } } });
  });

  it('leaves out what fsm tags omitempty instead of writing null', () => {
    expect(tcp).not.toHaveProperty('HttpHostPort2Service');
    expect(http).not.toHaveProperty('TcpServiceRouteRules');
    expect(JSON.stringify(http.HttpServiceRouteRules)).not.toContain('null');
  });

  it("keeps the chains, egress and log level, and names the pod's identity as fsm does", () => {
    expect(fsm.Chains).toEqual((pod as { Chains: unknown }).Chains);
    expect(fsm.Spec).toMatchObject({
      ServiceIdentity: 'checkout.shop',
      SidecarLogLevel: 'error',
      Traffic: { EnableEgress: true },
      FeatureFlags: { EnableAutoDefaultRoute: false },
    });
  });

  it("writes an egress policy's route with its method and path", () => {
    const egress = fsmOf(
      httpEgressConfig({ host: 'httpbin.example', port: 8088, path: '/get', method: 'GET' }),
      'bench/app',
    );
    const match = egress.Outbound.TrafficMatches['8088']![0]!;
    const rule = match.HttpServiceRouteRules![match.HttpHostPort2Service!['httpbin.example']!.RuleName]!;
    expect(rule.RouteRules[0]).toMatchObject({ Path: '/get', Type: 'Exact', Methods: ['GET'] });
    expect(egress.Spec.Traffic.EnableEgress).toBe(false);
  });
});
