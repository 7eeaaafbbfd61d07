import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { announceSkip, netnsMissing } from '../support/environment.js';
import { compileToDir } from '../support/compile-to-dir.js';
import { Lab, type PipyProcess } from '../support/netns-lab.js';

const missing = netnsMissing();
announceSkip('sidecar core through real Pipy', missing);

/** Compiles `spec`, starts Pipy with the manifest's recommended options, runs `body`, stops Pipy. */
async function withSidecar(lab: Lab, spec: unknown, body: (pipy: PipyProcess) => Promise<void>): Promise<void> {
  const { dir, result } = compileToDir(spec);
  const pipy = await lab.startPipy(dir, result.manifest.pipy.argv.slice(1, -1));
  try {
    await body(pipy);
  } finally {
    await pipy.stop();
  }
}

const payload = Array.from({ length: 2000 }, (_, i) => String.fromCharCode(33 + ((i * 7) % 90))).join('') + '\n';

describe.skipIf(missing)(
  'generated sidecar in real Pipy: passthrough, refusal, mesh, first connection, timeouts',
  () => {
    let lab: Lab;
    beforeAll(async () => {
      lab = await Lab.open();
    });
    afterAll(async () => {
      await lab?.close();
    });

    it('EnableEgress: the first connection after start and every later one reach their original destination intact', async () => {
      await withSidecar(lab, { Spec: { SidecarLogLevel: 'debug', Traffic: { EnableEgress: true } } }, async (pipy) => {
        const first = await lab.probe({
          kind: 'http',
          dst: '203.0.113.11:80',
          requests: [{ host: 'first.example', path: '/first' }],
        });
        expect(first.responses?.[0]?.body).toMatch(/^hello from 203\.0\.113\.11:80 GET \/first host=first\.example/);
        const echo = await lab.probe({ kind: 'tcp', dst: '203.0.113.10:7000', send: payload, until: '\n' });
        expect(echo.data).toBe(payload);
        const banner = await lab.probe({ kind: 'tcp', dst: '203.0.113.20:2525', until: '\n' });
        expect(banner.data).toBe('220 banner 203.0.113.20:2525\r\n');
        const tls = await lab.probe({ kind: 'tls', dst: '203.0.113.10:443', sni: 'anything.example' });
        expect(tls).toMatchObject({
          certificate: 'pipyc-default',
          data: 'tls 203.0.113.10:443 sni=anything.example echo:ping\n',
        });
        expect(pipy.log()).toMatch(/pipyc egress allow dst=203\.0\.113\.11:80 proto=tcp reason=egress-passthrough/);
      });
    });

    it('EnableEgress false: the first connection is refused with a reset, mesh traffic still flows, refusals are logged at warn', async () => {
      const spec = {
        Spec: { SidecarLogLevel: 'warn', Traffic: { EnableEgress: false, MeshCIDRs: ['198.51.100.10/32'] } },
      };
      await withSidecar(lab, spec, async (pipy) => {
        // Refused means closed at once without a byte: never a hang, never a connection to ':0'.
        const first = await lab.probe({ kind: 'tcp', dst: '203.0.113.10:2525', timeoutMs: 3000 });
        expect(first).toMatchObject({ data: '' });
        expect(['reset', 'closed']).toContain(first.outcome);
        const http = await lab.probe({ kind: 'http', dst: '203.0.113.10:80', requests: [{ host: 'x.example' }] });
        expect(['reset', 'closed']).toContain(http.outcome);
        const mesh = await lab.probe({ kind: 'tcp', dst: '198.51.100.10:2525', until: '\n' });
        expect(mesh.data).toBe('220 banner 198.51.100.10:2525\r\n');
        expect(pipy.log()).toMatch(/pipyc egress deny dst=203\.0\.113\.10:2525 proto=tcp reason=egress-disabled/);
        expect(pipy.log()).not.toMatch(/reason=mesh/);
      });
    });

    // On Pipy 0.90.3, whose detectProtocol has no timeout, the compiled code bounds the wait itself (--target pipy-0.90).
    it('a client that sends nothing to a port that must be sniffed is refused when detection times out (5 s)', async () => {
      const spec = {
        Spec: {},
        EgressPolicies: [{ Name: 'a', Hosts: ['a.example'], Ports: [{ Number: 443, Protocol: 'https' }] }],
      };
      await withSidecar(lab, spec, async () => {
        const started = Date.now();
        const silent = await lab.probe({ kind: 'tcp', dst: '203.0.113.10:443', timeoutMs: 9000 });
        expect(['reset', 'closed']).toContain(silent.outcome);
        expect(Date.now() - started).toBeGreaterThanOrEqual(4500);
        expect(Date.now() - started).toBeLessThan(8000);
        const tls = await lab.probe({ kind: 'tls', dst: '203.0.113.10:443', sni: 'a.example' });
        expect(tls.data).toBe('tls 203.0.113.10:443 sni=a.example echo:ping\n');
      });
    });

    it('reads tables larger than the 64 KiB pieces it reads them in: the names on both sides of every cut are allowed', async () => {
      const policies = Array.from({ length: 8000 }, (_, i) => ({
        Name: `big-${i}`,
        Hosts: [`n${i}.big.example`],
        Ports: [{ Number: 80, Protocol: 'http' }],
      }));
      const spec = { Spec: { SidecarLogLevel: 'error', Traffic: { EnableEgress: false } }, EgressPolicies: policies };
      const { dir, result } = compileToDir(spec);
      const tables = result.files.find((f) => f.path === 'egress-tables.txt')!.contents;
      const known = tables.indexOf('[hostKnown]');
      const cuts = Array.from({ length: Math.floor(tables.length / 65536) }, (_, k) => 65536 * (k + 1)).filter(
        (cut) => cut > known + 100,
      );
      expect(cuts.length).toBeGreaterThanOrEqual(2);
      // The rows that hold each cut, and the rows right before and after it: one Host each.
      const hosts = cuts.flatMap((cut) =>
        [cut - 40, cut, cut + 40].map(
          (at) => tables.slice(tables.lastIndexOf('\n', at) + 1, tables.indexOf('\n', at)).split(' ')[1]!,
        ),
      );
      hosts.push('n0.big.example', 'n7999.big.example');
      expect(
        hosts.every((h) => /^n\d+\.big\.example$/.test(h)),
        hosts.join(' '),
      ).toBe(true);
      const pipy = await lab.startPipy(dir, result.manifest.pipy.argv.slice(1, -1));
      try {
        const seen = await lab.probe({
          kind: 'http',
          dst: '203.0.113.11:80',
          requests: [...hosts, 'n8000.big.example'].map((host) => ({ host, path: '/' })),
        });
        expect(seen.responses?.map((r) => r.status)).toEqual([...hosts.map(() => 200), 403]);
      } finally {
        await pipy.stop();
      }
    });

    it('log level off emits no decision lines', async () => {
      await withSidecar(lab, { Spec: { SidecarLogLevel: 'off', Traffic: { EnableEgress: true } } }, async (pipy) => {
        const r = await lab.probe({ kind: 'tcp', dst: '203.0.113.10:7000', send: 'x\n', until: '\n' });
        expect(r.data).toBe('x\n');
        expect(pipy.log()).not.toMatch(/pipyc egress/);
      });
    });

    it('SidecarTimeout ends an upstream that never answers; without it the connection stays open', async () => {
      await withSidecar(lab, { Spec: { SidecarTimeout: 1, Traffic: { EnableEgress: true } } }, async () => {
        const started = Date.now();
        const r = await lab.probe({ kind: 'tcp', dst: '203.0.113.10:9999', send: 'hello?\n', timeoutMs: 6000 });
        expect(r.outcome).not.toBe('timeout');
        expect(Date.now() - started).toBeLessThan(5500);
      });
      await withSidecar(lab, { Spec: { Traffic: { EnableEgress: true } } }, async () => {
        const r = await lab.probe({ kind: 'tcp', dst: '203.0.113.10:9999', send: 'hello?\n', timeoutMs: 2500 });
        expect(r.outcome).toBe('timeout');
      });
    });
  },
);

describe.skipIf(missing)('generated sidecar on a custom OutboundPort', () => {
  it('listens where OutboundPort says and forwards', async () => {
    const lab = await Lab.open(15111);
    try {
      await withSidecar(lab, { Spec: { Traffic: { EnableEgress: true, OutboundPort: 15111 } } }, async () => {
        const r = await lab.probe({
          kind: 'http',
          dst: '203.0.113.10:80',
          requests: [{ host: 'a.example', path: '/p' }],
        });
        expect(r.responses?.[0]?.status).toBe(200);
      });
    } finally {
      await lab.close();
    }
  });
});
