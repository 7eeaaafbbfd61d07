import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { announceSkip, dnsmasqMissing, netnsMissing } from '../support/environment.js';
import { compileToDir } from '../support/compile-to-dir.js';
import { DNS_SERVER_IP, Lab, POD_IP, sleep, type PipyProcess } from '../support/netns-lab.js';
import { observe } from '../support/probe-runner.js';
import { ownPortsOf } from '../support/random-specs.js';
import { answeredBySidecar, loadTable, TABLES } from '../support/tables.js';
import { explain, type SidecarSpec } from '../../src/index.js';

const missing = netnsMissing();
announceSkip('decision tables through real Pipy', missing);
// A table with learned DNS state is taught through dnsmasq: without it, that table alone is skipped.
const withoutDns = dnsmasqMissing();
const runnable = TABLES.filter((t) => !(withoutDns && loadTable(t).learned));
for (const t of TABLES.filter((t) => !runnable.includes(t)))
  announceSkip(`decision table ${t} through real Pipy`, withoutDns);

describe.skipIf(missing).each(runnable)(
  'decision table %s through real Pipy (transparent, network namespaces)',
  (name) => {
    const table = loadTable(name);
    let lab: Lab;
    let pipy: PipyProcess;

    beforeAll(async () => {
      lab = await Lab.open(ownPortsOf(table.spec as SidecarSpec)[0]);
      if (table.learned) await lab.startDnsServer(dnsRecords(table.learned));
      const { dir, result } = compileToDir(table.spec);
      pipy = await lab.startPipy(dir, result.manifest.pipy.argv.slice(1, -1));
      if (table.learned) await teach(lab, table.learned);
    });
    afterAll(async () => {
      await pipy?.stop();
      await lab?.close();
    });

    it.each(table.rows.map((r) => [r.name, r] as const))('%s', async (_name, row) => {
      const expected = explain(table.spec, row.probe);
      const seen = await observe(lab, row.probe, row.probe.protocol === 'tcp' ? 7000 : 3000);
      expect({ outcome: seen.outcome, ...(seen.reason && { reason: seen.reason }) }, JSON.stringify(seen.raw)).toEqual({
        outcome: expected.outcome,
        ...(answeredBySidecar(expected.outcome) && { reason: expected.reason }),
      });
    });

    if (name === 'egress-policies') {
      it('logs each decision with its reason and credited policy', () => {
        expect(pipy.log()).toMatch(
          /pipyc egress allow dst=203\.0\.113\.10:80 proto=http reason=http-policy policy=api-http host="api\.example\.com"/,
        );
        expect(pipy.log()).toMatch(/pipyc egress deny dst=203\.0\.113\.10:443 proto=tls reason=no-sni/);
        expect(pipy.log()).toMatch(/pipyc egress allow dst=203\.0\.113\.20:5433 proto=tcp reason=tcp-policy policy=db/);
        expect(pipy.log()).not.toMatch(/reason=mesh/);
      });

      it('decides per request on a kept-alive connection', async () => {
        const raw = await lab.probe({
          kind: 'http',
          dst: '203.0.113.10:80',
          requests: [
            { host: 'api.example.com', path: '/v1/a' },
            { host: 'api.example.com', path: '/v2/b' },
            { host: 'evil.example.com', path: '/v1/a' },
            { host: 'api.example.com', path: '/health' },
          ],
        });
        expect(raw.responses?.map((r) => r.status)).toEqual([200, 403, 403, 200]);
        expect(raw.responses?.[1]?.body).toBe('egress denied by sidecar: request-not-matched\n');
        expect(raw.responses?.[3]?.body).toMatch(/^hello from 203\.0\.113\.10:80 GET \/health/);
      });

      it('passes TLS through untouched: the client sees the certificate the server picked for its SNI', async () => {
        const named = await lab.probe({ kind: 'tls', dst: '203.0.113.10:443', sni: 'secure.example.com' });
        expect(named).toMatchObject({
          certificate: 'pipyc-named',
          data: 'tls 203.0.113.10:443 sni=secure.example.com echo:ping\n',
        });
        const wildcard = await lab.probe({ kind: 'tls', dst: '203.0.113.10:443', sni: 'x.example.org' });
        expect(wildcard).toMatchObject({
          certificate: 'pipyc-named',
          data: 'tls 203.0.113.10:443 sni=x.example.org echo:ping\n',
        });
      });
    }

    if (name === 'own-listener') {
      it('a connection to its own outbound port is one refused connection, not a loop of them', async () => {
        const refusals = () =>
          pipy
            .log()
            .split('\n')
            .filter((l) => l.includes(`dst=${POD_IP}:7000 proto=tcp reason=own-listener`)).length;
        const before = refusals();
        expect(['reset', 'closed']).toContain(
          (await lab.probe({ kind: 'tcp', dst: `${POD_IP}:7000`, send: 'ping\n', timeoutMs: 2000 })).outcome,
        );
        await sleep(300);
        expect(refusals() - before).toBe(1);
        expect(pipy.log()).not.toMatch(/allow dst=192\.0\.2\.1:7000/);
      });
    }

    it('is still running after the table', () => {
      expect(pipy.running()).toBe(true);
    });
  },
);

type Learned = NonNullable<ReturnType<typeof loadTable>['learned']>;

/** dnsmasq records for what a table says was learned: live answers for 300 s, expired ones for 1 s. */
function dnsRecords(learned: Learned): string[] {
  const records = (names: Record<string, string[]> | undefined, ttl: number) =>
    Object.entries(names ?? {}).flatMap(([name, addresses]) => addresses.map((a) => `host-record=${name},${a},${ttl}`));
  return [...records(learned.expired, 1), ...records(learned.resolved, 300)];
}

/** Asks the pod's nameserver (the sidecar's proxy) every name: the expired ones first, then past their TTL the rest. */
async function teach(lab: Lab, learned: Learned): Promise<void> {
  lab.redirectDns();
  const ask = async (names: Record<string, string[]> | undefined) => {
    for (const name of Object.keys(names ?? {}))
      expect((await lab.probe({ kind: 'dns', server: `${DNS_SERVER_IP}:53`, name })).outcome, name).toBe('ok');
  };
  await ask(learned.expired);
  // The expired answers were given a TTL of 1 s: once it has run out since the last of them, the live ones are asked.
  const answered = Date.now();
  await sleep(Math.max(0, answered + 1000 + 50 - Date.now()));
  await ask(learned.resolved);
}
