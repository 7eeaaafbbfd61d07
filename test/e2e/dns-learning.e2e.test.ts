import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { announceSkip, dnsmasqMissing, netnsMissing } from '../support/environment.js';
import { compileToDir } from '../support/compile-to-dir.js';
import { DNS_SERVER_IP, Lab, msUntil, sleep, until, type PipyProcess } from '../support/netns-lab.js';
import type { ChildProcess } from 'node:child_process';
import { explain } from '../../src/index.js';

const missing = netnsMissing() ?? dnsmasqMissing();
announceSkip('TCP egress by name through the DNS proxy in real Pipy', missing);

const FAKE_DNS_IP = '203.0.113.54';
/** The pod asks the nameserver in its resolv.conf; iptables sends that to the sidecar's proxy. */
const NAMESERVER = `${DNS_SERVER_IP}:53`;

const spec = (upstream: string) => ({
  Spec: { SidecarLogLevel: 'info', Metrics: { Port: 15010 }, Traffic: { DNS: { Upstream: upstream, MinTTL: 1 } } },
  EgressPolicies: [
    { Name: 'db', Hosts: ['db.example.com'], Ports: [{ Number: 7000, Protocol: 'tcp' }] },
    { Name: 'kafka', Hosts: ['*.kafka.example.com'], Ports: [{ Number: 7000, Protocol: 'tcp' }] },
    { Name: 'short', Hosts: ['short.example.com'], Ports: [{ Number: 7000, Protocol: 'tcp' }] },
    { Name: 'alias', Hosts: ['alias.example.com'], Ports: [{ Number: 7000, Protocol: 'tcp' }] },
    { Name: 'spoof', Hosts: ['spoof.example.com', '*.spoof.example.com'], Ports: [{ Number: 7000, Protocol: 'tcp' }] },
    { Name: 'flood', Hosts: ['*.flood.example.com'], Ports: [{ Number: 7000, Protocol: 'tcp' }] },
  ],
});

const RECORDS = [
  'host-record=db.example.com,203.0.113.20,300',
  'host-record=other.example.com,203.0.113.10,300',
  'host-record=b1.kafka.example.com,198.51.100.20,300',
  'host-record=b2.kafka.example.com,198.51.100.10,300',
  'host-record=short.example.com,203.0.113.11,2',
  'host-record=target.example.net,203.0.113.200,300',
  'cname=alias.example.com,target.example.net',
];

describe.skipIf(missing)('TCP egress by name: the sidecar learns from its own DNS proxy (dnsmasq upstream)', () => {
  let lab: Lab;
  let pipy: PipyProcess;
  beforeAll(async () => {
    lab = await Lab.open();
    await lab.startDnsServer(RECORDS);
    lab.redirectDns();
    const { dir, result } = compileToDir(spec(DNS_SERVER_IP));
    pipy = await lab.startPipy(dir, result.manifest.pipy.argv.slice(1, -1));
  });
  afterAll(async () => {
    await pipy?.stop();
    await lab?.close();
  });

  const connect = (dst: string) => lab.probe({ kind: 'tcp', dst, send: 'ping\n', until: '\n', timeoutMs: 3000 });
  const resolve = async (name: string, transport = 'udp') => {
    const r = await lab.probe({ kind: 'dns', server: NAMESERVER, name, transport });
    expect(r.outcome, `${name} over ${transport}`).toBe('ok');
    return r.addresses;
  };

  it("an address the proxy resolved for an allowed name connects; the same port elsewhere, or another name's address, is refused", async () => {
    expect(await connect('203.0.113.20:7000')).toMatchObject({ data: '' });
    expect(await resolve('db.example.com')).toEqual(['203.0.113.20']);
    expect((await connect('203.0.113.20:7000')).data).toBe('ping\n');
    // Never resolved, on the same port:
    expect((await connect('203.0.113.10:7000')).data).toBe('');
    // Resolved, but for a name no policy allows:
    expect(await resolve('other.example.com')).toEqual(['203.0.113.10']);
    expect((await connect('203.0.113.10:7000')).data).toBe('');
    expect(pipy.log()).toMatch(/pipyc egress allow dst=203\.0\.113\.20:7000 proto=tcp reason=dns-learned policy=db/);
    expect(pipy.log()).toMatch(/pipyc egress deny dst=203\.0\.113\.10:7000 proto=tcp reason=not-resolved/);
  });

  it('a wildcard name, a CNAME chain, a query with EDNS and a query over TCP teach the same way', async () => {
    expect(await resolve('b1.kafka.example.com')).toEqual(['198.51.100.20']);
    expect((await connect('198.51.100.20:7000')).data).toBe('ping\n');
    expect((await connect('203.0.113.200:7000')).data).toBe('');
    expect(await resolve('alias.example.com', 'tcp')).toEqual(['203.0.113.200']);
    expect((await connect('203.0.113.200:7000')).data).toBe('ping\n');
    expect((await connect('198.51.100.10:7000')).data).toBe('');
    expect(
      (await lab.probe({ kind: 'dns', server: NAMESERVER, name: 'b2.kafka.example.com', edns: true })).addresses,
    ).toEqual(['198.51.100.10']);
    expect((await connect('198.51.100.10:7000')).data).toBe('ping\n');
    expect(pipy.log()).toMatch(/dst=203\.0\.113\.200:7000 proto=tcp reason=dns-learned policy=alias/);
  });

  it('an expired answer refuses new connections and leaves the open one alone', async () => {
    expect(await resolve('short.example.com')).toEqual(['203.0.113.11']);
    expect(
      await lab.probe({ kind: 'open', type: 'tcp', session: 'short', dst: '203.0.113.11:7000', message: 'one' }),
    ).toMatchObject({ outcome: 'ok', data: 'one\n' });
    // Until its answer's TTL (2 s) runs out the address is allowed; then a new connection is refused.
    expect(
      await msUntil(
        () => connect('203.0.113.11:7000'),
        (r) => r.data === '',
        5000,
      ),
    ).toBeLessThan(5000);
    expect(await lab.probe({ kind: 'send', session: 'short', message: 'two' })).toMatchObject({
      outcome: 'ok',
      data: 'two\n',
    });
    await lab.probe({ kind: 'close', session: 'short' });
    expect(pipy.log()).toMatch(/dst=203\.0\.113\.11:7000 proto=tcp reason=expired/);
  });

  it('garbage to the DNS port leaves the sidecar serving', async () => {
    for (const hex of [
      '00',
      'ffffffffffffffffffffffffffff',
      '1234818000010001000000000364620765',
      'deadbeef'.repeat(200),
    ]) {
      expect((await lab.probe({ kind: 'udp', dst: '127.0.0.153:5300', hex })).outcome).toBe('ok');
    }
    expect(await resolve('db.example.com')).toEqual(['203.0.113.20']);
    expect((await connect('203.0.113.20:7000')).data).toBe('ping\n');
    expect(pipy.running()).toBe(true);
  });

  it('the decisions match explain() given what the proxy learned', () => {
    const probe = (dst: string) => ({
      dst,
      resolved: { 'db.example.com': ['203.0.113.20'], 'other.example.com': ['203.0.113.10'] },
      expired: { 'short.example.com': ['203.0.113.11'] },
    });
    const s = spec(DNS_SERVER_IP);
    expect(explain(s, probe('203.0.113.20:7000'))).toMatchObject({
      verdict: 'allow',
      reason: 'dns-learned',
      policy: 'db',
    });
    expect(explain(s, probe('203.0.113.10:7000'))).toMatchObject({ verdict: 'deny', reason: 'not-resolved' });
    expect(explain(s, probe('203.0.113.11:7000'))).toMatchObject({ verdict: 'deny', reason: 'expired' });
  });
});

describe.skipIf(missing)(
  'TCP egress by name: what a lying resolver cannot teach, and the bound on what is learned',
  () => {
    let lab: Lab;
    let pipy: PipyProcess;
    beforeAll(async () => {
      lab = await Lab.open();
      await lab.startFakeDnsServer(FAKE_DNS_IP);
      lab.redirectDns();
      const { dir, result } = compileToDir(spec(FAKE_DNS_IP));
      pipy = await lab.startPipy(dir, result.manifest.pipy.argv.slice(1, -1));
    });
    afterAll(async () => {
      await pipy?.stop();
      await lab?.close();
    });

    it('an answer with another id, to another question, or after its query was answered teaches nothing', async () => {
      await lab.probe({ kind: 'dns', server: NAMESERVER, name: 'spoof.example.com' });
      await sleep(300);
      const data = async (dst: string) =>
        (await lab.probe({ kind: 'tcp', dst, send: 'ping\n', until: '\n', timeoutMs: 3000 })).data;
      expect(await data('203.0.113.20:7000')).toBe('ping\n');
      expect(await data('203.0.113.10:7000')).toBe('');
      expect(await data('203.0.113.11:7000')).toBe('');
      expect(await data('203.0.113.200:7000')).toBe('');
    });

    const learnedAddresses = async () => {
      const r = await lab.probe({
        kind: 'http',
        dst: '127.0.0.1:15010',
        requests: [{ host: 'sidecar', path: '/metrics' }],
      });
      return Number(/^pipyc_dns_learned_addresses (\d+)$/m.exec(r.responses?.[0]?.body ?? '')?.[1] ?? NaN);
    };

    it('an AAAA answer is learned too (IPv6 egress itself is not intercepted here: the outbound listener is IPv4)', async () => {
      const before = await learnedAddresses();
      const answer = await lab.probe({ kind: 'dns', server: NAMESERVER, name: 'n7.flood.example.com', type: 'AAAA' });
      expect(answer).toMatchObject({ outcome: 'ok', addresses: ['2001:db8:f::7'] });
      expect(await learnedAddresses()).toBe(before + 1);
      // The same name again, and a name no policy allows, add nothing.
      await lab.probe({ kind: 'dns', server: NAMESERVER, name: 'n7.flood.example.com', type: 'AAAA' });
      await lab.probe({ kind: 'dns', server: NAMESERVER, name: 'n8.elsewhere.example.net', type: 'AAAA' });
      expect(await learnedAddresses()).toBe(before + 1);
    });

    it('10,000 distinct names keep the learned table within its bound (4096 addresses)', async () => {
      const flood = (from: number, count: number) =>
        lab.probe({
          kind: 'dns-flood',
          server: NAMESERVER,
          suffix: 'flood.example.com',
          type: 'AAAA',
          from,
          count,
          concurrency: 16,
          timeoutMs: 90_000,
        });
      // Each query comes from a new client port: its UDP session (and the socket it holds to the upstream) lives until
      // the proxy's idle timeout (10 s), so memory is read once every such socket has closed again.
      const idle = pipy.udpSockets();
      const settled = async () => (
        expect(await until(() => pipy.udpSockets() <= idle, 20_000), 'the DNS sessions closed').toBe(true),
        pipy.rssKiB()
      );
      const first = await flood(0, 5000);
      expect(first.count).toBe(5000);
      const half = await settled();
      const second = await flood(5000, 5000);
      expect(second.count).toBe(5000);
      const full = await settled();
      // Past the bound every new address forgets an old one: the second 5,000 add (almost) nothing.
      expect(await learnedAddresses()).toBe(4096);
      expect(full - half, `RSS ${half} KiB after 5,000 names, ${full} KiB after 10,000`).toBeLessThan(2048);
      console.log(`[dns] RSS ${half} KiB after 5,000 names, ${full} KiB after 10,000 (learned addresses: 4096)`);
      expect(pipy.running()).toBe(true);
    }, 120_000);
  },
);

describe.skipIf(missing)(
  'TCP egress by name across publishes: what was learned survives a reload, a revoked name cuts',
  () => {
    const CLI = new URL('../../dist/cli.js', import.meta.url).pathname;
    const REPO_PORT = 6060;
    const CODEBASE = '/pipyc/e2e/dns';
    const base = { Spec: { SidecarLogLevel: 'info', Traffic: { DNS: { Upstream: DNS_SERVER_IP } } } };
    const db = { Name: 'db', Hosts: ['db.example.com'], Ports: [{ Number: 7000, Protocol: 'tcp' }] };
    const echo = { Name: 'echo', IPAddresses: ['203.0.113.11/32'], Ports: [{ Number: 7000, Protocol: 'tcp' }] };
    // A policy of the same kinds: the same main.js, so open connections stay on it and are decided by the new tables.
    const cache = { Name: 'cache', Hosts: ['cache.example.com'], Ports: [{ Number: 7000, Protocol: 'tcp' }] };
    let lab: Lab;
    let repo: ChildProcess;
    let sidecar: PipyProcess;

    async function publish(policies: object[]): Promise<void> {
      const published = await lab.runInPod([
        process.execPath,
        CLI,
        'publish',
        compileToDir({ ...base, EgressPolicies: policies }).dir,
        '--repo',
        `http://127.0.0.1:${REPO_PORT}`,
        '--codebase',
        CODEBASE,
      ]);
      expect(published.code, published.err).toBe(0);
    }
    const data = async (dst: string) =>
      (await lab.probe({ kind: 'tcp', dst, send: 'ping\n', until: '\n', timeoutMs: 3000 })).data;

    beforeAll(async () => {
      lab = await Lab.open();
      await lab.startDnsServer([
        'host-record=db.example.com,203.0.113.20,300',
        'host-record=cache.example.com,203.0.113.200,300',
      ]);
      lab.redirectDns();
      repo = await lab.startRepoInPod(REPO_PORT);
      await publish([db, echo]);
      sidecar = await lab.startPipyOn(`http://127.0.0.1:${REPO_PORT}/repo${CODEBASE}/`, ['--log-level=info']);
    });
    afterAll(async () => {
      await sidecar?.stop();
      repo?.kill('SIGKILL');
      await lab?.close();
    });

    it('a publish keeps what the proxy learned and the connections it allowed; one that drops the name cuts them', async () => {
      expect((await lab.probe({ kind: 'dns', server: NAMESERVER, name: 'db.example.com' })).addresses).toEqual([
        '203.0.113.20',
      ]);
      expect(
        await lab.probe({ kind: 'open', type: 'tcp', session: 'db', dst: '203.0.113.20:7000', message: 'one' }),
      ).toMatchObject({ outcome: 'ok', data: 'one\n' });

      await publish([cache, db, echo]);
      const cached = async () => (
        await lab.probe({ kind: 'dns', server: NAMESERVER, name: 'cache.example.com' }), data('203.0.113.200:7000')
      );
      expect(await msUntil(cached, (d) => d === 'ping\n')).toBeLessThan(7_000);
      // Not asked again: the new load decides by what the old one learned.
      expect(await data('203.0.113.20:7000')).toBe('ping\n');
      expect(await lab.probe({ kind: 'send', session: 'db', message: 'two' })).toMatchObject({
        outcome: 'ok',
        data: 'two\n',
      });
      expect((await lab.probe({ kind: 'dns', server: NAMESERVER, name: 'db.example.com' })).addresses).toEqual([
        '203.0.113.20',
      ]);

      await publish([cache, { ...db, Hosts: ['other.example.com'] }, echo]);
      expect(
        await msUntil(
          () => data('203.0.113.20:7000'),
          (d) => d === '',
        ),
      ).toBeLessThan(7_000);
      expect(['closed', 'reset']).toContain(
        (await lab.probe({ kind: 'send', session: 'db', message: 'three', timeoutMs: 3000 })).outcome,
      );
      expect(sidecar.running()).toBe(true);
    });
  },
);
