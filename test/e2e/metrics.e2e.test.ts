import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { announceSkip, netnsMissing } from '../support/environment.js';
import { compileToDir } from '../support/compile-to-dir.js';
import { Lab, sleep, type PipyProcess } from '../support/netns-lab.js';

const missing = netnsMissing();
announceSkip('egress metrics through real Pipy', missing);

const METRICS = '127.0.0.1:15010'; // loopback: not redirected, so it reaches the sidecar's metrics listener
const spec = {
  Spec: { Metrics: { Port: 15010 }, Traffic: { EnableEgress: false, MeshCIDRs: ['198.51.100.0/24'] } },
  EgressPolicies: [
    {
      Name: 'web',
      Hosts: ['a.example'],
      Ports: [{ Number: 80, Protocol: 'http' }],
      Matches: [{ Path: '/ok', PathType: 'Exact' }],
    },
    { Name: 'secure', Hosts: ['secure.example.com'], Ports: [{ Number: 443, Protocol: 'https' }] },
    { Name: 'banner', IPAddresses: ['203.0.113.20'], Ports: [{ Number: 2525, Protocol: 'tcp-server-first' }] },
  ],
};

/** The decision series of a scrape, as 'labels value' lines, and the gauge. */
function series(text: string): { decisions: Record<string, number>; active: number } {
  const decisions: Record<string, number> = {};
  for (const m of text.matchAll(/^pipyc_egress_decisions_total\{(.*)\} (\d+)$/gm)) decisions[m[1]!] = Number(m[2]);
  return { decisions, active: Number(/^pipyc_egress_active_connections (\d+)$/m.exec(text)?.[1] ?? NaN) };
}

describe.skipIf(missing)('egress metrics: Prometheus text at GET /metrics, counts exactly what was decided', () => {
  let lab: Lab;
  let pipy: PipyProcess;
  const scrape = async () => {
    const r = await lab.probe({ kind: 'http', dst: METRICS, requests: [{ host: 'sidecar', path: '/metrics' }] });
    expect(r.responses?.[0]?.status).toBe(200);
    expect(r.responses?.[0]?.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    return r.responses![0]!.body;
  };
  beforeAll(async () => {
    lab = await Lab.open();
    const { dir, result } = compileToDir(spec);
    pipy = await lab.startPipy(dir, result.manifest.pipy.argv.slice(1, -1));
  });
  afterAll(async () => {
    await pipy?.stop();
    await lab?.close();
  });

  it('after a known mix of connections and requests, a scrape shows exactly those counts', async () => {
    const http = await lab.probe({
      kind: 'http',
      dst: '203.0.113.10:80',
      requests: [
        { host: 'a.example', path: '/ok' },
        { host: 'a.example', path: '/ok' },
        { host: 'a.example', path: '/no' },
      ],
    });
    expect(http.responses?.map((r) => r.status)).toEqual([200, 200, 403]);
    expect(
      (await lab.probe({ kind: 'http', dst: '203.0.113.10:80', requests: [{ host: 'b.example' }] })).responses?.[0]
        ?.status,
    ).toBe(403);
    expect((await lab.probe({ kind: 'tls', dst: '203.0.113.10:443', sni: 'secure.example.com' })).certificate).toBe(
      'pipyc-named',
    );
    expect(['reset', 'closed']).toContain(
      (await lab.probe({ kind: 'tls', dst: '203.0.113.10:443', sni: 'evil.example' })).outcome,
    );
    expect((await lab.probe({ kind: 'tcp', dst: '203.0.113.20:2525', until: '\n' })).data).toBe(
      '220 banner 203.0.113.20:2525\r\n',
    );
    expect(['reset', 'closed']).toContain(
      (await lab.probe({ kind: 'tcp', dst: '203.0.113.20:9999', timeoutMs: 2000 })).outcome,
    );
    expect((await lab.probe({ kind: 'tcp', dst: '198.51.100.10:2525', until: '\n' })).data).toBe(
      '220 banner 198.51.100.10:2525\r\n',
    );
    await sleep(200);
    const { decisions, active } = series(await scrape());
    expect(decisions).toEqual({
      'decision="allow",reason="http-policy",protocol="http",policy="web"': 2,
      'decision="deny",reason="request-not-matched",protocol="http",policy=""': 1,
      'decision="deny",reason="host-not-allowed",protocol="http",policy=""': 1,
      'decision="allow",reason="sni-allowed",protocol="tls",policy="secure"': 1,
      'decision="deny",reason="sni-not-allowed",protocol="tls",policy=""': 1,
      'decision="allow",reason="tcp-policy",protocol="tcp",policy="banner"': 1,
      'decision="deny",reason="no-policy-for-port",protocol="tcp",policy=""': 1,
      'decision="allow",reason="mesh",protocol="tcp",policy=""': 1,
    });
    expect(active).toBe(0);
  });

  it('answers only GET /metrics, survives garbage and a burst, and the series stay bounded under 10,000 distinct hosts and paths', async () => {
    const post = await lab.probe({
      kind: 'http',
      dst: METRICS,
      requests: [{ method: 'POST', host: 'x', path: '/metrics' }],
    });
    expect(post.responses?.[0]?.status).toBe(405);
    expect(
      (await lab.probe({ kind: 'http', dst: METRICS, requests: [{ host: 'x', path: '/admin' }] })).responses?.[0]
        ?.status,
    ).toBe(404);
    await lab.probe({
      kind: 'raw',
      dst: METRICS,
      chunks: [{ hex: 'deadbeef00ff'.repeat(100) }, { text: '\r\n\r\n' }],
      timeoutMs: 2000,
    });
    const burst = await lab.probe({
      kind: 'burst',
      dst: METRICS,
      count: 500,
      send: 'GET /metrics HTTP/1.1\r\nhost: x\r\n\r\n',
      timeoutMs: 3000,
    });
    expect(burst.outcome).toBe('burst');
    const before = Object.keys(series(await scrape()).decisions).length;
    const requests = Array.from({ length: 10_000 }, (_, i) => ({ host: `h${i}.example`, path: `/p${i}` }));
    const many = await lab.probe({ kind: 'http', dst: '203.0.113.10:80', requests, timeoutMs: 30_000 });
    expect(many.responses).toHaveLength(10_000);
    const after = series(await scrape());
    expect(Object.keys(after.decisions).length).toBe(before);
    expect(after.decisions['decision="deny",reason="host-not-allowed",protocol="http",policy=""']).toBe(10_001);
    expect(pipy.running()).toBe(true);
  });
});
