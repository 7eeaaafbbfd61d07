import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { meshCodebaseMissing } from '../../lab/mesh-codebase.js';
import { compileOsmEdgePlugin, loadObjects, type Probe } from '../../src/index.js';
import { announceSkip, netnsMissing, TEST_TARGET } from '../support/environment.js';
import { Lab, sleep, type PipyProcess } from '../support/netns-lab.js';
import { startMeshPod } from '../support/osm-edge-plugin.js';
import { observe } from '../support/probe-runner.js';

const missing = netnsMissing() ?? meshCodebaseMissing('osm-edge');
announceSkip(
  "what an operator of osm-edge sees of the plugin: its metrics and log lines at osm-edge's defaults",
  missing,
);

/** The Pipy admin port osm-edge starts its sidecar with (--admin-port=6060), which its stats.js reads. */
const ADMIN_PORT = 6060;

/** shop/checkout may reach the echo on 203.0.113.10 and www.example.com over HTTP; shop/refunds audits the same. */
const OBJECTS = `
apiVersion: v1
kind: List
items:
- apiVersion: config.openservicemesh.io/v1alpha2
  kind: MeshConfig
  metadata: { name: osm-mesh-config, namespace: osm-system }
  spec:
    featureFlags: { enablePluginPolicy: true, enableEgressPolicy: false }
    sidecar: { logLevel: error }
    traffic: { enableEgress: true }
- apiVersion: v1
  kind: ServiceAccount
  metadata: { name: refunds, namespace: shop, annotations: { pipyc.io/egress-mode: audit } }
- apiVersion: policy.openservicemesh.io/v1alpha1
  kind: Egress
  metadata: { name: echo, namespace: shop }
  spec:
    sources: [{ kind: ServiceAccount, name: checkout, namespace: shop }, { kind: ServiceAccount, name: refunds, namespace: shop }]
    ipAddresses: [203.0.113.10/32]
    ports: [{ number: 7000, protocol: tcp }]
- apiVersion: policy.openservicemesh.io/v1alpha1
  kind: Egress
  metadata: { name: web, namespace: shop }
  spec:
    sources: [{ kind: ServiceAccount, name: checkout, namespace: shop }, { kind: ServiceAccount, name: refunds, namespace: shop }]
    hosts: [www.example.com]
    ports: [{ number: 80, protocol: http }]
`;

function shopPlugin(): string {
  const { objects } = compileOsmEdgePlugin(loadObjects([{ name: 'objects.yaml', text: OBJECTS }]), {
    target: TEST_TARGET,
  });
  const plugin = objects.find((o) => o.kind === 'Plugin' && o.metadata.name === 'pipyc-egress.shop')!;
  return (plugin.spec as { pipyscript: string }).pipyscript;
}

const echo: Probe = { dst: '203.0.113.10:7000', protocol: 'tcp' };
const unlisted: Probe = { dst: '203.0.113.11:7000', protocol: 'tcp' };
const web: Probe = { dst: '203.0.113.10:80', protocol: 'http', host: 'www.example.com' };
const evil: Probe = { dst: '203.0.113.10:80', protocol: 'http', host: 'evil.example.com' };

describe.skipIf(missing)(`the plugin inside osm-edge's sidecar at its defaults (${TEST_TARGET})`, () => {
  let lab: Lab;
  beforeAll(async () => {
    lab = await Lab.open();
  });
  afterAll(async () => {
    await lab?.close();
  });

  /** pipyc_egress_decisions_total by its labels, as osm-edge's /stats/prometheus on 15010 serves it. */
  async function decisions(): Promise<Map<string, number>> {
    const got = await lab.runInPod(['curl', '-s', '--max-time', '3', 'http://127.0.0.1:15010/stats/prometheus']);
    const counts = new Map<string, number>();
    for (const m of got.out.matchAll(/^pipyc_egress_decisions_total\{([^}]*)\} (\d+)/gm))
      counts.set(m[1]!, Number(m[2]));
    return counts;
  }

  /** Pipy gathers its workers' metrics on a timer: waits (bounded) until the counts say what is expected. */
  async function decisionsOnceCounted(expected: Record<string, number>): Promise<Map<string, number>> {
    let counts = new Map<string, number>();
    for (let i = 0; i < 40; i++) {
      counts = await decisions();
      if (Object.entries(expected).every(([labels, n]) => counts.get(labels) === n)) break;
      await sleep(250);
    }
    return counts;
  }

  async function asIdentity(serviceAccount: string, body: (pod: PipyProcess) => Promise<void>) {
    const pod = await startMeshPod(lab, shopPlugin(), {
      identity: { namespace: 'shop', serviceAccount },
      logLevel: 'error',
      adminPort: ADMIN_PORT,
    });
    try {
      await body(pod);
    } finally {
      await pod.stop();
    }
  }

  const lines = (pod: PipyProcess, mark: string) =>
    pod
      .log()
      .split('\n')
      .filter((l) => l.includes(mark));

  it("counts allowed and refused egress in Pipy's metrics, served at /stats/prometheus, with bounded labels", async () => {
    await asIdentity('checkout', async () => {
      expect((await observe(lab, echo)).outcome).toBe('forward');
      for (let i = 0; i < 3; i++) expect((await observe(lab, unlisted)).outcome).toBe('reset');
      expect((await observe(lab, web)).outcome).toBe('forward');
      for (let i = 0; i < 2; i++) expect((await observe(lab, evil)).outcome).toBe('http-403');
      const expected = {
        'decision="allow",reason="tcp-policy",protocol="tcp",policy="shop.echo"': 1,
        'decision="deny",reason="ip-not-allowed",protocol="tcp",policy=""': 3,
        'decision="allow",reason="http-policy",protocol="http",policy="shop.web"': 1,
        'decision="deny",reason="host-not-allowed",protocol="http",policy=""': 2,
      };
      const counts = await decisionsOnceCounted(expected);
      expect(Object.fromEntries(Object.keys(expected).map((k) => [k, counts.get(k)]))).toEqual(expected);
      // No label carries a value from traffic.
      expect([...counts.keys()].join('\n')).not.toMatch(/example\.com|203\.0\.113/);
    });
  });

  it('writes each distinct refusal once at error level, with the identity, and nothing for allowed traffic', async () => {
    await asIdentity('checkout', async (pod) => {
      for (let i = 0; i < 3; i++) await observe(lab, unlisted);
      for (let i = 0; i < 2; i++) await observe(lab, evil);
      await observe(lab, echo);
      for (let i = 0; i < 40 && lines(pod, 'pipyc egress deny').length < 2; i++) await sleep(50);
      expect(lines(pod, 'pipyc egress')).toEqual([
        expect.stringContaining(
          'pipyc egress deny dst=203.0.113.11:7000 proto=tcp reason=ip-not-allowed identity=shop/checkout',
        ),
        expect.stringContaining(
          'pipyc egress deny dst=203.0.113.10:80 proto=http reason=host-not-allowed identity=shop/checkout host="evil.example.com" method="GET" path="/"',
        ),
      ]);
    });
  });

  it('counts what an audited identity would refuse as would-deny', async () => {
    await asIdentity('refunds', async () => {
      expect((await observe(lab, unlisted)).outcome).toBe('forward');
      expect((await observe(lab, evil)).outcome).toBe('forward');
      const expected = {
        'decision="would-deny",reason="ip-not-allowed",protocol="tcp",policy=""': 1,
        'decision="would-deny",reason="host-not-allowed",protocol="http",policy=""': 1,
      };
      const counts = await decisionsOnceCounted(expected);
      expect(Object.fromEntries(Object.keys(expected).map((k) => [k, counts.get(k)]))).toEqual(expected);
    });
  });
});
