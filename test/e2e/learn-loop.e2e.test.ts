import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileIdentity, loadObjects, writeCodebase, type Probe } from '../../src/index.js';
import { pipyc } from '../support/cli.js';
import { announceSkip, netnsMissing, TEST_TARGET } from '../support/environment.js';
import { Lab, waitFor, type PipyProcess } from '../support/netns-lab.js';
import { observe } from '../support/probe-runner.js';

const missing = netnsMissing();
announceSkip('audit -> learn -> enforce through real Pipy', missing);

/**
 * What the mesh allows shop/checkout today: one http host, one https host. A port no policy names is not looked into
 * in audit mode (so server-first protocols pass at once): what goes there is learned by address.
 */
const OBJECTS = `
apiVersion: config.openservicemesh.io/v1alpha2
kind: MeshConfig
metadata: { name: osm-mesh-config, namespace: osm-system }
spec:
  featureFlags: { enableEgressPolicy: true }
  sidecar: { logLevel: error }
  traffic: { enableEgress: false }
---
apiVersion: policy.openservicemesh.io/v1alpha1
kind: Egress
metadata: { name: api, namespace: shop }
spec:
  sources: [{ kind: ServiceAccount, name: checkout, namespace: shop }]
  hosts: [api.example.com]
  ports: [{ number: 80, protocol: http }, { number: 443, protocol: https }]
`;

/** What the workload did during the audit window. */
const OBSERVED: Probe[] = [
  { dst: '203.0.113.10:80', protocol: 'http', host: 'api.example.com', path: '/v1' },
  { dst: '203.0.113.11:80', protocol: 'http', host: 'www.example.net', path: '/' },
  { dst: '203.0.113.10:443', protocol: 'tls', sni: 'secure.example.com' },
  { dst: '203.0.113.20:5432', protocol: 'tcp' },
];
/** What it did not do: enforce mode must still refuse it. */
const NOT_OBSERVED: [Probe, string][] = [
  [{ dst: '203.0.113.11:80', protocol: 'http', host: 'other.example.net', path: '/' }, 'http-403'],
  [{ dst: '203.0.113.10:443', protocol: 'tls', sni: 'other.example.org' }, 'reset'],
  [{ dst: '203.0.113.20:5433', protocol: 'tcp' }, 'reset'],
  [{ dst: '203.0.113.10:7000', protocol: 'tcp' }, 'reset'],
];
const MESH = ['198.51.100.0/24'];

function codebase(objectsText: string, audit: string[]): string {
  const loaded = loadObjects([{ name: 'objects.yaml', text: objectsText }]);
  const compiled = compileIdentity(loaded, 'shop/checkout', { meshCIDRs: MESH, audit, target: TEST_TARGET });
  const parent = mkdtempSync(join(tmpdir(), 'pipyc-learn-'));
  chmodSync(parent, 0o755);
  writeCodebase(join(parent, 'codebase'), compiled.files);
  return join(parent, 'codebase');
}

describe.skipIf(missing)(`audit, learn, enforce: what was observed passes, nothing else (${TEST_TARGET})`, () => {
  let lab: Lab;
  let pipy: PipyProcess | undefined;
  const identity = { POD_NAMESPACE: 'shop', SERVICE_ACCOUNT: 'checkout' };
  const start = async (dir: string) =>
    (pipy = await lab.startPipyOn('main.js', ['--log-level=error'], lab.sidecarPort, dir, identity));
  beforeAll(async () => {
    lab = await Lab.open();
  });
  afterAll(async () => {
    await pipy?.stop();
    await lab?.close();
  });

  it('the learned objects, compiled in enforce mode, allow every observed destination and refuse the others', async () => {
    const audited = await start(codebase(OBJECTS, ['shop']));
    for (const probe of OBSERVED)
      expect((await observe(lab, probe, 7000)).outcome, JSON.stringify(probe)).toBe('forward');
    await waitFor(() => (audited.log().match(/would-deny/g) ?? []).length >= 3, 3000);
    await audited.stop();

    // The sidecar's log as kubectl logs prints it, on stdin.
    const learned = await pipyc(['learn', '--mesh-cidr', MESH[0]!], audited.log());
    expect(learned.code, learned.err).toBe(0);
    expect(learned.err).toMatch(/3 distinct, 0 already allowed; 3 Egress objects/);

    await start(codebase(`${OBJECTS}\n---\n${learned.out}`, []));
    for (const probe of OBSERVED)
      expect((await observe(lab, probe, 7000)).outcome, JSON.stringify(probe)).toBe('forward');
    for (const [probe, outcome] of NOT_OBSERVED)
      expect((await observe(lab, probe, 7000)).outcome, JSON.stringify(probe)).toBe(outcome);
  });
});
