import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { meshCodebaseMissing } from '../../lab/mesh-codebase.js';
import { compileOsmEdgePlugin, loadObjects, type Probe } from '../../src/index.js';
import { announceSkip, netnsMissing, TEST_TARGET } from '../support/environment.js';
import { Lab, msUntil, waitFor, type PipyProcess } from '../support/netns-lab.js';
import { podCodebase, startMeshPod, startPodFromRepo } from '../support/osm-edge-plugin.js';
import { observe } from '../support/probe-runner.js';

const missing = netnsMissing() ?? meshCodebaseMissing('osm-edge');
announceSkip("audit mode of the osm-edge plugin inside osm-edge's own sidecar", missing);

const PUBLISH = new URL('../support/publish-dir.mjs', import.meta.url).pathname;

/**
 * shop audits by its Namespace's annotation, shop/refunds enforces by its own, both allowed only the echo on
 * 203.0.113.10; every other namespace gets the egress default, deny.
 */
function objectsText(extra = ''): string {
  return `
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
  kind: Namespace
  metadata: { name: shop, annotations: { pipyc.io/egress-mode: audit } }
- apiVersion: v1
  kind: ServiceAccount
  metadata: { name: refunds, namespace: shop, annotations: { pipyc.io/egress-mode: enforce } }
- apiVersion: policy.openservicemesh.io/v1alpha1
  kind: Egress
  metadata: { name: echo, namespace: shop }
  spec:
    sources:
    - { kind: ServiceAccount, name: checkout, namespace: shop }
    - { kind: ServiceAccount, name: refunds, namespace: shop }
    ipAddresses: [203.0.113.10/32]
    ports: [{ number: 7000, protocol: tcp }]
${extra}`;
}

/** The shop namespace's plugin script, compiled from the objects with `audit` (--audit) over their annotations. */
function shopPlugin(audit: string[] = [], text = objectsText()): string {
  const loaded = loadObjects([{ name: 'objects.yaml', text }]);
  const { objects } = compileOsmEdgePlugin(loaded, { target: TEST_TARGET, audit });
  const plugin = objects.find((o) => o.kind === 'Plugin' && o.metadata.name === 'pipyc-egress.shop')!;
  return (plugin.spec as { pipyscript: string }).pipyscript;
}

const allowed: Probe = { dst: '203.0.113.10:7000', protocol: 'tcp' };
const unlisted: Probe = { dst: '203.0.113.11:7000', protocol: 'tcp' };
const wouldDeny = (pod: PipyProcess) =>
  pod
    .log()
    .split('\n')
    .filter((l) => l.includes('pipyc egress would-deny'));

describe.skipIf(missing)(`audit and enforce side by side in one namespace's plugin (${TEST_TARGET})`, () => {
  let lab: Lab;
  beforeAll(async () => {
    lab = await Lab.open();
  });
  afterAll(async () => {
    await lab?.close();
  });

  async function asIdentity(script: string, serviceAccount: string, body: (pod: PipyProcess) => Promise<void>) {
    // osm-edge's default log level: would-deny lines still show.
    const pod = await startMeshPod(lab, script, { identity: { namespace: 'shop', serviceAccount }, logLevel: 'error' });
    try {
      await body(pod);
    } finally {
      await pod.stop();
    }
  }

  it('an audited identity passes what its policies refuse and writes it, with its identity', async () => {
    await asIdentity(shopPlugin(), 'checkout', async (pod) => {
      expect((await observe(lab, allowed)).outcome).toBe('forward');
      expect((await observe(lab, unlisted)).outcome).toBe('forward');
      await waitFor(() => wouldDeny(pod).length > 0, 3000);
      expect(wouldDeny(pod)).toEqual([
        expect.stringContaining(
          'pipyc egress would-deny dst=203.0.113.11:7000 proto=tcp reason=ip-not-allowed identity=shop/checkout',
        ),
      ]);
    });
  });

  it('beside it, an identity whose ServiceAccount says enforce is refused', async () => {
    await asIdentity(shopPlugin(), 'refunds', async (pod) => {
      expect((await observe(lab, allowed)).outcome).toBe('forward');
      expect((await observe(lab, unlisted)).outcome).toBe('reset');
      expect(wouldDeny(pod)).toEqual([]);
    });
  });

  it('--audit shop/refunds wins over its annotation', async () => {
    await asIdentity(shopPlugin(['shop/refunds']), 'refunds', async () => {
      expect((await observe(lab, unlisted)).outcome).toBe('forward');
    });
  });

  it("an identity no Egress names gets its Namespace's mode over the egress default", async () => {
    await asIdentity(shopPlugin(), 'newcomer', async (pod) => {
      expect((await observe(lab, allowed)).outcome).toBe('forward');
      await waitFor(() => wouldDeny(pod).length > 0, 3000);
      expect(wouldDeny(pod)).toEqual([
        expect.stringContaining(
          'would-deny dst=203.0.113.10:7000 proto=tcp reason=egress-disabled identity=shop/newcomer',
        ),
      ]);
    });
  });

  it('in-mesh traffic is untouched', async () => {
    await asIdentity(shopPlugin(), 'refunds', async (pod) => {
      const echo = await lab.probe({ kind: 'tcp', dst: '198.51.100.20:7000', send: 'ping\n', until: 'ping' });
      expect(echo.data).toBe('ping\n');
      expect(wouldDeny(pod)).toEqual([]);
    });
  });
});

describe.skipIf(missing)(`audit -> enforce by publish in osm-edge's sidecar from a Pipy repo (${TEST_TARGET})`, () => {
  const REPO_PORT = 6061;
  const CODEBASE = '/osm-edge-sidecar/audit';
  const RELOAD_BOUND_MS = 7_000;
  let lab: Lab;
  let repo: ChildProcess;
  let pod: PipyProcess;

  async function publish(script: string): Promise<void> {
    const published = await lab.runInPod([
      process.execPath,
      PUBLISH,
      `http://127.0.0.1:${REPO_PORT}`,
      CODEBASE,
      podCodebase(script),
    ]);
    expect(published.code, published.err).toBe(0);
  }

  beforeAll(async () => {
    lab = await Lab.open();
    repo = await lab.startRepoInPod(REPO_PORT);
    await publish(shopPlugin());
    pod = await startPodFromRepo(lab, REPO_PORT, CODEBASE);
  });
  afterAll(async () => {
    await pod?.stop();
    repo?.kill('SIGKILL');
    await lab?.close();
  });

  it('cuts the open connections enforce mode refuses and leaves the allowed ones alone (same code, new mode)', async () => {
    const sessions = { allowed: '203.0.113.10:7000', audited: '203.0.113.11:7000' };
    for (const [name, dst] of Object.entries(sessions))
      expect(
        (await lab.probe({ kind: 'open', session: `audit-${name}`, type: 'tcp', dst, message: 'first' })).outcome,
      ).toBe('ok');
    // The whole namespace to enforce: the Namespace annotation says so now.
    await publish(
      shopPlugin([], objectsText().replace('pipyc.io/egress-mode: audit', 'pipyc.io/egress-mode: enforce')),
    );
    const enforced = await msUntil(
      () => observe(lab, unlisted),
      (r) => r.outcome === 'reset',
      15_000,
    );
    expect(enforced).toBeLessThan(RELOAD_BOUND_MS);
    const send = (name: string) =>
      lab.probe({ kind: 'send', session: `audit-${name}`, message: 'again', timeoutMs: 3000 });
    expect(await send('allowed')).toMatchObject({ outcome: 'ok' });
    expect(['closed', 'reset']).toContain((await send('audited')).outcome);
    expect(pod.running()).toBe(true);
  });
});
