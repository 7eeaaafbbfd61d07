import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { announceSkip, netnsMissing } from '../support/environment.js';
import { compileToDir } from '../support/compile-to-dir.js';
import { Lab, type PipyProcess, type ProbeResult } from '../support/netns-lab.js';

const missing = netnsMissing();
announceSkip('sidecar under abuse (real Pipy)', missing);

const spec = {
  Spec: { SidecarLogLevel: 'warn', SidecarTimeout: 3, Traffic: {} },
  EgressPolicies: [
    {
      Name: 'web',
      Hosts: ['www.example.com'],
      IPAddresses: ['203.0.113.10'],
      Ports: [{ Number: 80, Protocol: 'http' }],
    },
    { Name: 'secure', Hosts: ['secure.example.com'], Ports: [{ Number: 443, Protocol: 'https' }] },
    { Name: 'echo', IPAddresses: ['203.0.113.10'], Ports: [{ Number: 7000, Protocol: 'tcp' }] },
    {
      Name: 'upstreams',
      IPAddresses: ['203.0.113.10'],
      Ports: [
        { Number: 6000, EndPort: 6001, Protocol: 'tcp' },
        { Number: 9999, Protocol: 'tcp' },
      ],
    },
  ],
};

const httpGet = (host: string, extra = '') => `GET /ok HTTP/1.1\r\nHost: ${host}\r\n${extra}Content-Length: 0\r\n\r\n`;
const refused = (r: ProbeResult) => ['reset', 'closed'].includes(r.outcome) && !r.data?.includes('hello from');

describe.skipIf(missing)('the generated sidecar under abuse (real Pipy; every loop bounded)', () => {
  let lab: Lab;
  let pipy: PipyProcess;
  let baselineKiB: number;
  const scenarios: string[] = [];

  beforeAll(async () => {
    lab = await Lab.open();
    const { dir, result } = compileToDir(spec);
    pipy = await lab.startPipy(dir, result.manifest.pipy.argv.slice(1, -1));
    await lab.probe({ kind: 'http', dst: '203.0.113.10:80', requests: [{ host: 'www.example.com' }] });
    baselineKiB = pipy.rssKiB();
  });
  afterAll(async () => {
    console.log(
      `[real-pipy] abuse: ${scenarios.length} scenarios survived (${scenarios.join(', ')}); RSS ${baselineKiB} KiB -> ${pipy?.rssKiB()} KiB`,
    );
    await pipy?.stop();
    await lab?.close();
  });

  /** After every scenario: Pipy runs, memory has not run away, refusals still refuse, an allowed request works. */
  async function stillHealthy(name: string): Promise<void> {
    expect(pipy.running(), `Pipy died after: ${name}`).toBe(true);
    expect(pipy.rssKiB(), `memory after: ${name}`).toBeLessThan(baselineKiB * 3 + 64 * 1024);
    const ok = await lab.probe({
      kind: 'http',
      dst: '203.0.113.10:80',
      requests: [{ host: 'www.example.com', path: '/after' }],
    });
    expect(ok.responses?.[0]?.status, `allowed request after: ${name}`).toBe(200);
    const denied = await lab.probe({ kind: 'http', dst: '203.0.113.10:80', requests: [{ host: 'evil.example.com' }] });
    expect(denied.responses?.[0]?.headers['x-pipyc-deny-reason']).toBe('host-not-allowed');
    const tcpDenied = await lab.probe({ kind: 'tcp', dst: '203.0.113.11:7000', send: 'x\n', timeoutMs: 3000 });
    expect(refused(tcpDenied), `refused tcp after: ${name}`).toBe(true);
    scenarios.push(name);
  }

  it('garbage bytes on an http port are refused', async () => {
    const r = await lab.probe({
      kind: 'raw',
      dst: '203.0.113.10:80',
      chunks: [{ hex: randomBytes(4096).toString('hex') }],
      timeoutMs: 8000,
    });
    expect(refused(r), JSON.stringify(r)).toBe(true);
    expect(r.bytes, 'nothing is echoed back').toBe(0);
    await stillHealthy('garbage on http');
  });

  it('garbage bytes on an https port are refused', async () => {
    const r = await lab.probe({
      kind: 'raw',
      dst: '203.0.113.10:443',
      chunks: [{ hex: randomBytes(4096).toString('hex') }],
      timeoutMs: 8000,
    });
    expect(refused(r), JSON.stringify(r)).toBe(true);
    expect(r.bytes, 'nothing is echoed back').toBe(0);
    await stillHealthy('garbage on https');
  });

  it('a truncated ClientHello never reaches the server', async () => {
    const hello = (await lab.probe({ kind: 'client-hello', sni: 'secure.example.com' })).hex!;
    const r = await lab.probe({
      kind: 'raw',
      dst: '203.0.113.10:443',
      chunks: [{ hex: hello.slice(0, 60) }],
      end: true,
      timeoutMs: 3000,
    });
    expect(r.bytes).toBe(0);
    await stillHealthy('truncated ClientHello');
  });

  it('an oversized ClientHello is cut off at 64 KiB instead of being buffered', async () => {
    const r = await lab.probe({
      kind: 'raw',
      dst: '203.0.113.10:443',
      chunks: [{ hex: '160301ffff01' }, { hex: '00'.repeat(4096), repeat: 40 }],
      timeoutMs: 8000,
    });
    expect(r.bytes).toBe(0);
    expect(['reset', 'closed'], JSON.stringify(r)).toContain(r.outcome);
    await stillHealthy('oversized ClientHello');
  });

  it('a ClientHello for an unlisted name, sent in 1-byte pieces, is still refused', async () => {
    const hello = (await lab.probe({ kind: 'client-hello', sni: 'evil.example.com' })).hex!;
    const chunks = hello
      .match(/../g)!
      .slice(0, 120)
      .map((hex) => ({ hex, delayMs: 5 }));
    chunks.push({ hex: hello.slice(240), delayMs: 5 });
    const r = await lab.probe({ kind: 'raw', dst: '203.0.113.10:443', chunks, timeoutMs: 8000 });
    expect(refused(r), JSON.stringify(r)).toBe(true);
    await stillHealthy('slow ClientHello');
  });

  it('an HTTP request with a 64 KB header does not get through on a refused host and does not hurt Pipy', async () => {
    const r = await lab.probe({
      kind: 'raw',
      dst: '203.0.113.10:80',
      chunks: [{ text: httpGet('evil.example.com', `X-Big: ${'a'.repeat(64 * 1024)}\r\n`) }],
      until: '\r\n\r\n',
      timeoutMs: 8000,
    });
    expect(r.data ?? '').not.toContain('hello from');
    await stillHealthy('64 KB header');
  });

  it('an HTTP request without Host is refused with 403', async () => {
    const r = await lab.probe({
      kind: 'raw',
      dst: '203.0.113.10:80',
      chunks: [{ text: 'GET / HTTP/1.0\r\n\r\n' }],
      until: 'sidecar',
      timeoutMs: 5000,
    });
    expect(r.data).toMatch(/^HTTP\/1\.\d 403/);
    expect(r.data).toContain('no-host');
    await stillHealthy('no Host');
  });

  it('a slow client trickling its request byte by byte is still decided correctly (bounded: 1.5 s)', async () => {
    const chunks = [...httpGet('www.example.com')].map((text) => ({ text, delayMs: 25 }));
    const r = await lab.probe({ kind: 'raw', dst: '203.0.113.10:80', chunks, until: 'hello from', timeoutMs: 8000 });
    expect(r.outcome).toBe('forward');
    await stillHealthy('slow client');
  });

  it('an upstream that refuses, one that resets, and one that never answers each end the client connection', async () => {
    const refusedUp = await lab.probe({ kind: 'tcp', dst: '203.0.113.10:6000', send: 'x\n', timeoutMs: 5000 });
    expect(['reset', 'closed']).toContain(refusedUp.outcome);
    const resetUp = await lab.probe({ kind: 'tcp', dst: '203.0.113.10:6001', send: 'x\n', timeoutMs: 5000 });
    expect(['reset', 'closed']).toContain(resetUp.outcome);
    const silent = await lab.probe({ kind: 'tcp', dst: '203.0.113.10:9999', send: 'x\n', timeoutMs: 8000 });
    expect(['reset', 'closed'], 'SidecarTimeout (3 s) ends it').toContain(silent.outcome);
    await stillHealthy('bad upstreams');
  });

  it('a burst of 1,000 concurrent allowed connections is served, and 1,000 refused ones stay refused', async () => {
    const allowed = await lab.probe({
      kind: 'burst',
      dst: '203.0.113.10:7000',
      count: 1000,
      send: 'burst\n',
      timeoutMs: 15_000,
    });
    expect(allowed.echoed, JSON.stringify(allowed)).toBe(1000);
    const denied = await lab.probe({
      kind: 'burst',
      dst: '203.0.113.11:7000',
      count: 1000,
      send: 'burst\n',
      timeoutMs: 15_000,
    });
    expect(denied.echoed, JSON.stringify(denied)).toBe(0);
    await stillHealthy('1,000-connection bursts');
  });
});
