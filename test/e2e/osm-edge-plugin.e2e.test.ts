import type { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { meshCodebaseMissing, type SidecarMesh } from '../../lab/mesh-codebase.js';
import { explain, type Probe, type SidecarSpec } from '../../src/index.js';
import { announceSkip, netnsMissing, TEST_TARGET } from '../support/environment.js';
import { Lab, msUntil, sleep, type PipyProcess } from '../support/netns-lab.js';
import {
  MESH_SERVICES,
  podCodebase,
  pluginScriptOf,
  pluginSpecOf,
  POD_IDENTITY,
  startMeshPod,
  startPodFromRepo,
} from '../support/osm-edge-plugin.js';
import { observe } from '../support/probe-runner.js';
import { randomProbe, randomSpec, rng } from '../support/random-specs.js';
import { answeredBySidecar, loadTable, TABLES } from '../support/tables.js';
import { allGoldenCases, GOLDEN_ROOT } from '../support/golden.js';

/** fsm's scripts use Pipy 1.5's API (balancers' borrow()): its sidecars run the pipy-1.5 projects' binaries only. */
const MESHES: SidecarMesh[] = TEST_TARGET === 'pipy-1.5' ? ['osm-edge', 'fsm'] : ['osm-edge'];

const PUBLISH = new URL('../support/publish-dir.mjs', import.meta.url).pathname;

/** Probes to a destination the pod's config routes in-mesh: the mesh's own, never the plugin's to decide. */
const inMesh = (probe: Probe) => MESH_SERVICES.some((s) => probe.dst === `${s.ip}:${s.port}`);

/**
 * The tables whose specs are about egress; own-listener.yaml is about a standalone sidecar's OutboundPort and metrics
 * port, which a plugin does not have (the mesh's own port is tested below).
 */
// Plugin mode has no DNS proxy of its own (the mesh's sidecar runs one): tcp-by-name is the standalone sidecar's.
const PLUGIN_TABLES = TABLES.filter((t) => t !== 'own-listener' && t !== 'tcp-by-name');

for (const mesh of MESHES) {
  const missing = netnsMissing() ?? meshCodebaseMissing(mesh);
  announceSkip(`the plugin inside ${mesh}'s own sidecar`, missing);

  describe.skipIf(missing).each(PLUGIN_TABLES)(
    `decision table %s through the plugin in ${mesh}'s sidecar (${TEST_TARGET})`,
    (name) => {
      const table = loadTable(name);
      const spec = pluginSpecOf(table.spec as SidecarSpec);
      let lab: Lab;
      let pod: PipyProcess;
      beforeAll(async () => {
        lab = await Lab.open();
        pod = await startMeshPod(lab, pluginScriptOf(table.spec as SidecarSpec, TEST_TARGET, mesh), { mesh });
      });
      afterAll(async () => {
        await pod?.stop();
        await lab?.close();
      });

      it.each(table.rows.filter((r) => !inMesh(r.probe)).map((r) => [r.name, r] as const))('%s', async (_name, row) => {
        const expected = explain(spec, row.probe);
        const seen = await observe(lab, row.probe, row.probe.protocol === 'tcp' ? 7000 : 3000);
        expect(
          { outcome: seen.outcome, ...(seen.reason && { reason: seen.reason }) },
          JSON.stringify(seen.raw),
        ).toEqual({
          outcome: expected.outcome,
          ...(answeredBySidecar(expected.outcome) && { reason: expected.reason }),
        });
      });
    },
  );

  describe.skipIf(missing)(`the plugin decides only egress, in ${mesh}'s own sidecar (${TEST_TARGET})`, () => {
    const spec: SidecarSpec = {
      Spec: { SidecarLogLevel: 'info' },
      EgressPolicies: [
        {
          Name: 'api',
          Hosts: ['api.example.com'],
          Ports: [{ Number: 80, Protocol: 'http' }],
          Matches: [{ Path: '/v1/', Methods: ['GET'] }],
        },
        { Name: 'echo', IPAddresses: ['203.0.113.10'], Ports: [{ Number: 7000, Protocol: 'tcp' }] },
      ],
    };
    let lab: Lab;
    let pod: PipyProcess;
    beforeAll(async () => {
      lab = await Lab.open();
      pod = await startMeshPod(lab, pluginScriptOf(spec, TEST_TARGET, mesh), { mesh });
    });
    afterAll(async () => {
      await pod?.stop();
      await lab?.close();
    });

    it(`an in-mesh HTTP request reaches its service through ${mesh}'s routing, whatever the egress policies say`, async () => {
      const raw = await lab.probe({
        kind: 'http',
        dst: '198.51.100.20:80',
        requests: [
          { host: 'bookstore.shop', path: '/books' },
          { host: 'bookstore.shop', path: '/v2/x', method: 'POST' },
        ],
      });
      expect(raw.responses?.map((r) => [r.status, r.body])).toEqual([
        [200, 'hello from 198.51.100.20:80 GET /books host=bookstore.shop bytes=0\n'],
        [200, 'hello from 198.51.100.20:80 POST /v2/x host=bookstore.shop bytes=0\n'],
      ]);
    });

    it('in-mesh TCP passes untouched, byte for byte', async () => {
      const bytes = 'binary \u0000\u0001\u00ff and text\r\n'.repeat(50);
      const raw = await lab.probe({
        kind: 'tcp',
        dst: '198.51.100.20:7000',
        send: bytes,
        until: 'text\r\n'.repeat(1),
        timeoutMs: 3000,
      });
      expect(raw.outcome).toBe('forward');
      expect(raw.data).toBe(bytes);
    });

    it('egress HTTP is decided per request: allowed ones reach the host, denied ones get 403 with the reason', async () => {
      const raw = await lab.probe({
        kind: 'http',
        dst: '203.0.113.10:80',
        requests: [
          { host: 'api.example.com', path: '/v1/a' },
          { host: 'api.example.com', path: '/v2/b' },
          { host: 'evil.example', path: '/v1/a' },
        ],
      });
      expect(raw.responses?.map((r) => [r.status, r.headers['x-pipyc-deny-reason'] ?? '-'])).toEqual([
        [200, '-'],
        [403, 'request-not-matched'],
        [403, 'host-not-allowed'],
      ]);
      expect(raw.responses?.[0]?.body).toMatch(/^hello from 203\.0\.113\.10:80 GET \/v1\/a host=api\.example\.com/);
    });

    it('an allowed connection passes; a denied one is refused', async () => {
      expect((await observe(lab, { dst: '203.0.113.10:7000' })).outcome).toBe('forward');
      expect((await observe(lab, { dst: '203.0.113.11:7000' })).outcome).toBe('reset');
      expect((await observe(lab, { dst: '203.0.113.10:5432' })).outcome).toBe('reset');
    });

    it(`refuses ${mesh}'s own outbound port on the pod itself once, where ${mesh} alone would loop`, async () => {
      const count = () => (pod.log().match(/reason=own-listener/g) ?? []).length;
      const before = count();
      expect((await observe(lab, { dst: '192.0.2.1:15001', src: '192.0.2.1' })).outcome).toBe('reset');
      // The log line may reach us after the refusal does: wait for it (bounded), then a little longer for any more.
      for (let i = 0; i < 40 && count() === before; i++) await sleep(25);
      await sleep(200);
      expect(count()).toBe(before + 1);
    });

    it('logs each egress decision with its reason and policy, as the standalone sidecar does', () => {
      expect(pod.log()).toMatch(
        /pipyc egress allow dst=203\.0\.113\.10:80 proto=http reason=http-policy policy=api host="api\.example\.com"/,
      );
      expect(pod.log()).toMatch(/pipyc egress deny dst=203\.0\.113\.11:7000 proto=tcp reason=ip-not-allowed/);
      expect(pod.log()).not.toMatch(/dst=198\.51\.100\.20/);
    });
  });

  describe.skipIf(missing)(
    `a sidecar whose identity the plugin does not know gets the egress default, in ${mesh}'s sidecar (${TEST_TARGET})`,
    () => {
      let lab: Lab;
      let pod: PipyProcess;
      beforeAll(async () => {
        lab = await Lab.open();
        const spec: SidecarSpec = {
          Spec: {},
          EgressPolicies: [{ Name: 'echo', Ports: [{ Number: 7000, Protocol: 'tcp' }] }],
        };
        pod = await startMeshPod(lab, pluginScriptOf(spec, TEST_TARGET, mesh), {
          mesh,
          identity: { namespace: POD_IDENTITY.namespace, serviceAccount: 'stranger' },
        });
      });
      afterAll(async () => {
        await pod?.stop();
        await lab?.close();
      });

      it('refused (deny), while in-mesh traffic still flows', async () => {
        expect((await observe(lab, { dst: '203.0.113.10:7000' })).outcome).toBe('reset');
        expect(
          (await lab.probe({ kind: 'tcp', dst: '198.51.100.20:7000', send: 'ping\n', until: 'ping' })).outcome,
        ).toBe('forward');
      });
    },
  );

  describe.skipIf(missing)(`explain() vs the plugin in ${mesh}'s sidecar: seeded random specs (${TEST_TARGET})`, () => {
    const SPECS = 4;
    const PROBES_PER_SPEC = 60;
    const seed = Number(process.env.PIPYC_SEED ?? 1717);
    const serverProtocol = (port: number) => (port === 80 ? 'http' : port === 443 ? 'tls' : 'tcp');
    let lab: Lab;
    beforeAll(async () => {
      lab = await Lab.open();
    });
    afterAll(async () => {
      await lab?.close();
    });

    it(`${SPECS} specs x ${PROBES_PER_SPEC} probes (seed ${seed}; PIPYC_SEED reruns another)`, {
      timeout: 600_000,
    }, async () => {
      const r = rng(seed);
      const mismatches: string[] = [];
      let probes = 0;
      for (let s = 0; s < SPECS; s++) {
        const spec = pluginSpecOf(randomSpec(r));
        const pod = await startMeshPod(lab, pluginScriptOf(spec, TEST_TARGET, mesh), { mesh, logLevel: 'error' });
        try {
          for (let p = 0; p < PROBES_PER_SPEC; p++) {
            let probe: Probe;
            let expected: ReturnType<typeof explain>;
            do {
              probe = randomProbe(r, { ipv4Only: true, ownPorts: [15001] });
              expected = explain(spec, probe);
            } while (
              inMesh(probe) ||
              (expected.outcome === 'forward' && probe.protocol !== serverProtocol(Number(probe.dst.split(':')[1])))
            );
            const seen = await observe(lab, probe, 7000);
            probes++;
            if (
              seen.outcome !== expected.outcome ||
              (answeredBySidecar(expected.outcome) && seen.reason !== expected.reason)
            ) {
              mismatches.push(
                `spec ${s} probe ${p}: ${JSON.stringify(probe)} explain=${JSON.stringify(expected)} seen=${JSON.stringify({ outcome: seen.outcome, reason: seen.reason, raw: seen.raw })}\n  spec: ${JSON.stringify(spec)}`,
              );
            }
          }
          expect(pod.running(), `${mesh}'s sidecar died under spec ${s} (seed ${seed})`).toBe(true);
        } finally {
          await pod.stop();
        }
      }
      console.log(
        `[real-pipy] ${mesh} plugin differential: ${probes} probes over ${SPECS} specs, ${mismatches.length} mismatches (seed ${seed})`,
      );
      expect(mismatches, `seed ${seed}:\n${mismatches.slice(0, 5).join('\n')}`).toEqual([]);
    });
  });

  describe.skipIf(missing)(
    `a changed plugin reloads in ${mesh}'s sidecar started from a Pipy repo (${TEST_TARGET})`,
    () => {
      const REPO_PORT = 6060;
      const CODEBASE = `/${mesh}-sidecar/pod`;
      /** As for pipyc publish: the repo pushes a reload; the sidecars' 5 s poll is the fallback. */
      const RELOAD_BOUND_MS = 7_000;
      const allowEcho: SidecarSpec = {
        Spec: {},
        EgressPolicies: [{ Name: 'echo', IPAddresses: ['203.0.113.10'], Ports: [{ Number: 7000, Protocol: 'tcp' }] }],
      };
      const denyEcho: SidecarSpec = {
        Spec: {},
        EgressPolicies: [{ Name: 'web', Hosts: ['a.example'], Ports: [{ Number: 80, Protocol: 'http' }] }],
      };
      let lab: Lab;
      let repo: ChildProcess;
      let pod: PipyProcess;

      async function publish(spec: SidecarSpec): Promise<void> {
        const published = await lab.runInPod([
          process.execPath,
          PUBLISH,
          `http://127.0.0.1:${REPO_PORT}`,
          CODEBASE,
          podCodebase(pluginScriptOf(spec, TEST_TARGET, mesh), mesh),
        ]);
        expect(published.code, published.err).toBe(0);
      }

      const timeUntil = (outcome: string, limitMs: number) =>
        msUntil(
          () => observe(lab, { dst: '203.0.113.10:7000' }),
          (r) => r.outcome === outcome,
          limitMs,
        );

      beforeAll(async () => {
        lab = await Lab.open();
        repo = await lab.startRepoInPod(REPO_PORT);
        await publish(denyEcho);
        pod = await startPodFromRepo(lab, REPO_PORT, CODEBASE);
      });
      afterAll(async () => {
        await pod?.stop();
        repo?.kill('SIGKILL');
        await lab?.close();
      });

      it('the next connection is decided by the changed plugin within the bound, both ways', async () => {
        expect((await observe(lab, { dst: '203.0.113.10:7000' })).outcome).toBe('reset');
        await publish(allowEcho);
        const allowed = await timeUntil('forward', 15_000);
        await publish(denyEcho);
        const denied = await timeUntil('reset', 15_000);
        console.log(
          `[measured] plugin published -> first connection decided by it: allow ${allowed} ms, deny ${denied} ms (bound ${RELOAD_BOUND_MS} ms)`,
        );
        expect(allowed).toBeLessThan(RELOAD_BOUND_MS);
        expect(denied).toBeLessThan(RELOAD_BOUND_MS);
        expect(pod.running()).toBe(true);
        // In-mesh traffic flows across the reloads.
        expect(
          (await lab.probe({ kind: 'tcp', dst: '198.51.100.20:7000', send: 'ping\n', until: 'ping' })).outcome,
        ).toBe('forward');
      });

      it('a changed plugin reaches the connections it let through: revoked ones are refused or cut at their next request or chunk, others left alone', async () => {
        const policies = [
          { Name: 'echo', IPAddresses: ['203.0.113.10'], Ports: [{ Number: 7000, Protocol: 'tcp' as const }] },
          { Name: 'web', Hosts: ['a.example'], Ports: [{ Number: 80, Protocol: 'http' as const }] },
          { Name: 'secure', Hosts: ['secure.example.com'], Ports: [{ Number: 443, Protocol: 'https' as const }] },
        ];
        const unrelated = { Name: 'other', Hosts: ['b.example'], Ports: [{ Number: 80, Protocol: 'http' as const }] };
        // The same kinds of policy for other destinations: the same plugin code, new tables.
        const revoking = [
          { ...policies[0]!, IPAddresses: ['198.51.100.10'] },
          { ...policies[1]!, Hosts: ['c.example'] },
          { ...policies[2]!, Hosts: ['other.example.com'] },
          unrelated,
        ];
        const sessions = {
          tcp: { type: 'tcp', dst: '203.0.113.10:7000' },
          http: { type: 'http', dst: '203.0.113.10:80', host: 'a.example' },
          tls: { type: 'tls', dst: '203.0.113.10:443', sni: 'secure.example.com' },
        };
        const web = (host: string) => ({ kind: 'http', dst: '203.0.113.10:80', requests: [{ host }], timeoutMs: 2000 });
        const until = (probe: Record<string, unknown>, status: number) =>
          msUntil(
            () => lab.probe(probe),
            (r) => r.responses?.[0]?.status === status,
          );
        await publish({ Spec: {}, EgressPolicies: policies });
        expect(await until(web('a.example'), 200)).toBeLessThan(RELOAD_BOUND_MS);
        for (const [type, session] of Object.entries(sessions))
          expect(
            (await lab.probe({ kind: 'open', session: `plugin-${type}`, message: 'first', ...session })).outcome,
            type,
          ).toBe('ok');
        const send = (type: string) =>
          lab.probe({ kind: 'send', session: `plugin-${type}`, message: 'again', timeoutMs: 3000 });

        await publish({ Spec: {}, EgressPolicies: [...policies, unrelated] });
        expect(await until(web('b.example'), 200)).toBeLessThan(RELOAD_BOUND_MS);
        for (const type of ['tcp', 'tls', 'http']) expect(await send(type), type).toMatchObject({ outcome: 'ok' });
        // Pipy ends an HTTP/1 connection after its first response following a reload (its drain): a new one for the next step.
        expect(
          (await lab.probe({ kind: 'open', session: 'plugin-http', message: 'first', ...sessions.http })).outcome,
        ).toBe('ok');

        await publish({ Spec: {}, EgressPolicies: revoking });
        expect(await until(web('a.example'), 403)).toBeLessThan(RELOAD_BOUND_MS);
        expect(['closed', 'reset']).toContain((await send('tcp')).outcome);
        expect(['closed', 'reset']).toContain((await send('tls')).outcome);
        expect(await send('http')).toMatchObject({ outcome: 'ok', status: 403 });
        expect(pod.running()).toBe(true);
      });
    },
  );

  describe.skipIf(missing)(`every golden plugin loads in ${mesh}'s sidecar (${TEST_TARGET})`, () => {
    const plugins = allGoldenCases()
      .filter((c) => existsSync(join(GOLDEN_ROOT, c, 'expected', 'objects.yaml')))
      .flatMap((c) => {
        const file = join(GOLDEN_ROOT, c, 'expected', 'objects.yaml');
        return (
          parseAllDocuments(readFileSync(file, 'utf8'))
            .map(
              (d) =>
                d.toJS() as {
                  kind?: string;
                  metadata?: { name: string; annotations?: Record<string, string> };
                  spec?: { pipyscript?: string };
                } | null,
            )
            // A pipy-1.5 plugin (an fsm mesh's) refuses Pipy 0.90 by design (test/e2e/targets-on-binaries.e2e.test.ts);
            // the pipy-0.90 one runs on both.
            .filter(
              (o) =>
                o?.kind === 'Plugin' &&
                (TEST_TARGET === 'pipy-1.5' || o.metadata?.annotations?.['pipyc.io/target'] === 'pipy-0.90'),
            )
            .map((o) => [`${c}: ${o!.metadata!.name}`, o!.spec!.pipyscript!] as const)
        );
      });
    let lab: Lab;
    beforeAll(async () => {
      lab = await Lab.open();
    });
    afterAll(async () => {
      await lab?.close();
    });

    it.each(plugins)('%s', async (_name, script) => {
      const pod = await startMeshPod(lab, script, { mesh });
      try {
        expect(pod.log()).not.toMatch(/\[pjs\]|Error/);
        expect(
          (await lab.probe({ kind: 'tcp', dst: '198.51.100.20:7000', send: 'ping\n', until: 'ping' })).outcome,
        ).toBe('forward');
      } finally {
        await pod.stop();
      }
    });
  });
}
