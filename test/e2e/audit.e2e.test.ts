import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SidecarSpec } from '../../src/index.js';
import { compileToDir } from '../support/compile-to-dir.js';
import { announceSkip, netnsMissing, TEST_TARGET } from '../support/environment.js';
import { Lab, waitFor, type PipyProcess } from '../support/netns-lab.js';

const missing = netnsMissing();
announceSkip('audit mode through real Pipy', missing);

/** What the policies allow; in audit mode everything else passes and is written as would-deny. */
const POLICIES: SidecarSpec['EgressPolicies'] = [
  { Name: 'api', Hosts: ['api.example.com'], Ports: [{ Number: 80, Protocol: 'http' }], Matches: [{ Path: '/v1/' }] },
  { Name: 'org', Hosts: ['*.example.org'], Ports: [{ Number: 443, Protocol: 'https' }] },
  // Ports whose policies sniff, where the external host speaks something else: plain echo, a server-first banner.
  { Name: 'sniffed-echo', Hosts: ['echo.example.org'], Ports: [{ Number: 7000, Protocol: 'https' }] },
  { Name: 'sniffed-smtp', Hosts: ['mail.example.com'], Ports: [{ Number: 2525, Protocol: 'http' }] },
];
const auditing = (level: NonNullable<SidecarSpec['Spec']['SidecarLogLevel']>): SidecarSpec => ({
  Spec: { SidecarLogLevel: level, Traffic: { EgressPolicyMode: 'audit' } },
  EgressPolicies: POLICIES,
});
const IDENTITY = { POD_NAMESPACE: 'shop', SERVICE_ACCOUNT: 'checkout' };

const wouldDeny = (log: string) => log.split('\n').filter((l) => l.includes('pipyc egress would-deny '));

describe.skipIf(missing)(`audit mode in real Pipy (${TEST_TARGET})`, () => {
  let lab: Lab;
  let pipy: PipyProcess;
  beforeAll(async () => {
    lab = await Lab.open();
    const { dir, result } = compileToDir(auditing('error'));
    pipy = await lab.startPipyOn('main.js', result.manifest.pipy.argv.slice(1, -1), lab.sidecarPort, dir, IDENTITY);
  });
  afterAll(async () => {
    await pipy?.stop();
    await lab?.close();
  });

  it('passes an HTTP request the policies refuse to its host and writes it as would-deny at the error level', async () => {
    const raw = await lab.probe({
      kind: 'http',
      dst: '203.0.113.10:80',
      requests: [
        { host: 'api.example.com', path: '/v1/users' },
        { host: 'evil.example.com', path: '/steal?x="1"' },
        { host: 'api.example.com', path: '/admin', method: 'DELETE' },
      ],
    });
    expect(raw.responses?.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(raw.responses?.[1]?.body).toMatch(
      /^hello from 203\.0\.113\.10:80 GET \/steal\?x="1" host=evil\.example\.com/,
    );
    expect(raw.responses?.[2]?.body).toMatch(/^hello from 203\.0\.113\.10:80 DELETE \/admin/);
    await waitFor(() => wouldDeny(pipy.log()).length >= 2, 3000);
    const lines = wouldDeny(pipy.log());
    expect(lines).toContainEqual(
      expect.stringContaining(
        'pipyc egress would-deny dst=203.0.113.10:80 proto=http reason=host-not-allowed identity=shop/checkout host="evil.example.com" method="GET" path="/steal?x=\\"1\\""',
      ),
    );
    expect(lines).toContainEqual(
      expect.stringContaining(
        'would-deny dst=203.0.113.10:80 proto=http reason=request-not-matched identity=shop/checkout host="api.example.com" method="DELETE" path="/admin"',
      ),
    );
    // Allowed requests are not would-deny, and at the error level nothing else is written.
    expect(lines.join('\n')).not.toMatch(/path="\/v1\/users"/);
    expect(pipy.log()).not.toMatch(/pipyc egress (allow|deny) /);
  });

  it('passes TLS the SNI policies refuse untouched, and writes its SNI', async () => {
    const tls = await lab.probe({ kind: 'tls', dst: '203.0.113.10:443', sni: 'other.example.net' });
    expect(tls).toMatchObject({
      certificate: 'pipyc-default',
      data: 'tls 203.0.113.10:443 sni=other.example.net echo:ping\n',
    });
    await waitFor(() => wouldDeny(pipy.log()).some((l) => l.includes('sni="other.example.net"')), 3000);
    expect(wouldDeny(pipy.log())).toContainEqual(
      expect.stringContaining(
        'would-deny dst=203.0.113.10:443 proto=tls reason=sni-not-allowed identity=shop/checkout sni="other.example.net"',
      ),
    );
  });

  it('passes TCP to a port no policy names byte for byte, the server speaking first included', async () => {
    const payload = Array.from({ length: 3000 }, (_, i) => String.fromCharCode(33 + ((i * 11) % 90))).join('') + '\n';
    const echo = await lab.probe({ kind: 'tcp', dst: '203.0.113.20:5432', send: payload, until: payload });
    expect(echo.data).toBe(`220 banner 203.0.113.20:5432\r\necho:${payload}`);
    await waitFor(() => wouldDeny(pipy.log()).some((l) => l.includes('dst=203.0.113.20:5432')), 3000);
    expect(wouldDeny(pipy.log())).toContainEqual(
      expect.stringContaining(
        'would-deny dst=203.0.113.20:5432 proto=tcp reason=no-policy-for-port identity=shop/checkout',
      ),
    );
  });

  it('passes a protocol a sniffing port refuses: plain bytes at once, a server-first one after the detection time', async () => {
    const echo = await lab.probe({ kind: 'tcp', dst: '203.0.113.10:7000', send: 'ping\n', until: 'ping' });
    expect(echo.data).toBe('ping\n');
    const started = Date.now();
    const banner = await lab.probe({ kind: 'tcp', dst: '203.0.113.10:2525', until: '\n', timeoutMs: 9000 });
    expect(banner.data).toBe('220 banner 203.0.113.10:2525\r\n');
    // Nothing from the client: the port's policies wait for its first bytes (5 s), then let the server speak.
    expect(Date.now() - started).toBeGreaterThanOrEqual(4500);
    await waitFor(() => wouldDeny(pipy.log()).some((l) => l.includes('dst=203.0.113.10:2525')), 3000);
    const lines = wouldDeny(pipy.log());
    expect(lines).toContainEqual(
      expect.stringContaining('would-deny dst=203.0.113.10:7000 proto=tcp reason=unknown-protocol'),
    );
    expect(lines).toContainEqual(
      expect.stringContaining('would-deny dst=203.0.113.10:2525 proto=tcp reason=unknown-protocol'),
    );
  });

  it('writes each destination, name and reason once: the same refusal again is held back', async () => {
    const ask = (path: string) =>
      lab.probe({ kind: 'http', dst: '203.0.113.11:80', requests: [{ host: 'once.example.com', path }] });
    for (const path of ['/a', '/b', '/c']) expect((await ask(path)).responses?.[0]?.status).toBe(200);
    await waitFor(() => wouldDeny(pipy.log()).some((l) => l.includes('host="once.example.com"')), 3000);
    expect(wouldDeny(pipy.log()).filter((l) => l.includes('host="once.example.com"'))).toHaveLength(1);
  });

  it('keeps what it remembers of written lines bounded: 10,000 distinct names, each written once, memory flat', async () => {
    const names = (from: number, count: number) =>
      Array.from({ length: count }, (_, i) => ({ host: `h${from + i}.flood.example`, path: '/' }));
    const flood = async (from: number, count: number) => {
      for (let at = from; at < from + count; at += 500) {
        const raw = await lab.probe({
          kind: 'http',
          dst: '203.0.113.10:80',
          requests: names(at, 500),
          timeoutMs: 20_000,
        });
        expect(raw.responses?.filter((r) => r.status === 200)).toHaveLength(500);
      }
    };
    const written = () => wouldDeny(pipy.log()).filter((l) => l.includes('.flood.example"')).length;
    await flood(0, 2000);
    await waitFor(() => written() >= 2000, 5000);
    const rssAfter2k = pipy.rssKiB();
    await flood(2000, 8000);
    await waitFor(() => written() >= 10_000, 10_000);
    const rssAfter10k = pipy.rssKiB();
    // The last 1,000 names are still remembered: written again only after a minute.
    await flood(9000, 1000);
    expect(written()).toBe(10_000);
    // The first ones were forgotten (oldest first) to keep the table bounded: asked again, they are written again.
    await flood(0, 500);
    await waitFor(() => written() >= 10_500, 5000);
    expect(written()).toBe(10_500);
    console.log(
      `[measured] audit flood: RSS ${rssAfter2k} KiB after 2,000 distinct names, ${rssAfter10k} KiB after 10,000`,
    );
    // Two generations of at most 2,048 keys each: 8,000 more names may not grow the sidecar by more than 4 MiB.
    expect(rssAfter10k - rssAfter2k).toBeLessThan(4096);
    expect(pipy.running()).toBe(true);
  });
});

describe.skipIf(missing)(`audit mode at SidecarLogLevel off (${TEST_TARGET})`, () => {
  it('passes what the policies refuse and writes nothing', async () => {
    const lab = await Lab.open();
    try {
      const { dir, result } = compileToDir(auditing('off'));
      const pipy = await lab.startPipy(dir, result.manifest.pipy.argv.slice(1, -1));
      try {
        const raw = await lab.probe({ kind: 'http', dst: '203.0.113.10:80', requests: [{ host: 'evil.example.com' }] });
        expect(raw.responses?.[0]?.status).toBe(200);
        const echo = await lab.probe({ kind: 'tcp', dst: '203.0.113.20:5432', send: 'ping\n', until: 'echo:ping' });
        expect(echo.outcome).toBe('forward');
        expect(pipy.log()).not.toMatch(/would-deny/);
      } finally {
        await pipy.stop();
      }
    } finally {
      await lab.close();
    }
  });
});
