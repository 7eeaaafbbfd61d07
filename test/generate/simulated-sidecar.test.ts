import { describe, expect, it } from 'vitest';
import { compile, compileValue, explain, TARGETS, type Explanation, type Probe, type Target } from '../../src/index.js';
import { parseIp } from '../../src/net/ip.js';
import { prefixKey } from '../../src/net/prefix-key.js';
import { scriptHelpers } from '../support/js-ast.js';
import { Simulator } from '../../lab/simulator.js';
import { answeredBySidecar, loadTable, TABLES } from '../support/tables.js';

/** A simulator over a spec's whole codebase (main.js reads egress-tables.txt). */
function simulate(spec: unknown, target: Target = 'pipy-1.5'): Simulator {
  const files = Object.fromEntries(compileValue(spec, { target }).files.map((f) => [f.path, f.contents]));
  return new Simulator(files['main.js']!, files);
}

/** The simulated sidecar reaches explain()'s outcome, and its log line (when it logs) names the same reason and policy. */
function expectAgreement(sim: Simulator, spec: unknown, probe: Probe, where: string): Explanation {
  const expected = explain(spec, probe);
  const seen = sim.run(probe);
  const context = `${where}\nspec: ${JSON.stringify(spec)}\nprobe: ${JSON.stringify(probe)}\nexplain: ${JSON.stringify(expected)}`;
  expect(seen.outcome, context).toBe(expected.outcome);
  if (answeredBySidecar(expected.outcome)) expect(seen.reason, context).toBe(expected.reason);
  const line = seen.logs.at(-1);
  if (line && expected.policy) expect(line, context).toContain(`policy=${expected.policy}`);
  if (line) expect(line, context).toContain(`reason=${expected.reason}`);
  return expected;
}

/** Every probe, in order, `rounds` times over, on one simulated sidecar: answers it remembers must stay the same. */
function expectAgreementEachRound(sim: Simulator, spec: unknown, probes: readonly Probe[], rounds: number): void {
  for (let round = 0; round < rounds; round++)
    for (const probe of probes) expectAgreement(sim, spec, probe, `round ${round}`);
}

describe.each(TABLES.flatMap((name) => TARGETS.map((target) => [name, target] as const)))(
  'generated decision code (simulated Pipy) agrees with explain() on the decision table %s, target %s',
  (name, target) => {
    const table = loadTable(name);
    const sim = simulate(table.spec, target);
    // What a would-deny line was written for: each destination, name and reason once a minute (rows run in order).
    const written = new Set<string>();
    it.each(table.rows.map((r) => [r.name, r] as const))('%s', (_name, row) => {
      const expected = explain(table.spec, row.probe);
      const seen = sim.run(row.probe);
      expect({ outcome: seen.outcome, reason: seen.reason }).toEqual({
        outcome: expected.outcome,
        reason: answeredBySidecar(expected.outcome) ? expected.reason : undefined,
      });
      const line = seen.logs.at(-1) ?? '';
      if (expected.wouldDeny) {
        const key = `${row.probe.dst} ${row.probe.host ?? row.probe.sni ?? ''} ${expected.reason}`;
        if (written.has(key)) return expect(seen.logs).toEqual([]);
        written.add(key);
        return expect(line).toMatch(
          new RegExp(`^pipyc egress would-deny dst=${row.probe.dst} proto=\\S+ reason=${expected.reason}( |$)`),
        );
      }
      if (expected.reason === 'mesh') return expect(seen.logs).toEqual([]); // info level does not log mesh traffic
      expect(line).toContain(`reason=${expected.reason}`);
      if (expected.policy) expect(line).toContain(`policy=${expected.policy}`);
    });
  },
);

describe("generated decision code refuses the sidecar's own ports on the pod itself, as explain() does", () => {
  const specs = [
    {
      Spec: {
        SidecarLogLevel: 'info',
        Metrics: { Port: 15010 },
        Traffic: { MeshCIDRs: ['192.0.2.0/24', '2001:db8::/32'] },
      },
    },
    {
      Spec: { SidecarLogLevel: 'info', Traffic: { OutboundPort: 16001 } },
      EgressPolicies: [
        { Name: 'pods', IPAddresses: ['192.0.2.0/24'], Ports: [{ Number: 15000, EndPort: 16010, Protocol: 'tcp' }] },
      ],
    },
    { Spec: { SidecarLogLevel: 'off', Traffic: { EnableEgress: true } } },
  ];
  const probes: [string, string][] = [
    ['192.0.2.1:15001', '192.0.2.1'],
    ['192.0.2.1:15010', '192.0.2.1'],
    ['192.0.2.1:16001', '192.0.2.1'],
    ['127.0.0.1:15001', '192.0.2.1'],
    ['0.0.0.0:15001', '192.0.2.1'],
    ['[2001:db8::7]:15001', '2001:db8::7'],
    ['[::1]:15010', '::1'],
    ['192.0.2.1:15001', '127.0.0.1'],
    ['192.0.2.2:15001', '192.0.2.1'],
    ['192.0.2.1:15002', '192.0.2.1'],
    ['203.0.113.10:15001', '192.0.2.1'],
  ];
  it.each(specs.map((spec, i) => [i, spec] as const))('spec %i', (_i, spec) => {
    const sim = simulate(spec);
    for (const [dst, src] of probes) {
      const expected = explain(spec, { dst, src });
      const seen = sim.run({ dst, src });
      expect(seen.outcome, `${dst} from ${src}`).toBe(expected.outcome);
      if (spec.Spec.SidecarLogLevel === 'info' && expected.reason !== 'mesh')
        expect(seen.logs.at(-1), `${dst} from ${src}`).toContain(`reason=${expected.reason}`);
    }
  });
});

describe('generated decision code agrees with explain() on random specs (seeded)', () => {
  const seed = Number(process.env.PIPYC_SEED ?? 20261127);
  it(`100 specs x 100 probes, seed ${seed} (set PIPYC_SEED to reproduce another run)`, async () => {
    const { ownPortsOf, randomProbe, randomSpec, rng } = await import('../support/random-specs.js');
    const r = rng(seed);
    let checked = 0;
    let ranged = 0;
    for (let s = 0; s < 100; s++) {
      const spec = randomSpec(r);
      const sim = simulate(spec);
      if (compile(spec).files[0]!.contents.includes('classInRanges')) ranged++;
      for (let p = 0; p < 100; p++) {
        const probe = randomProbe(r, p % 2 === 0 ? { ownPorts: ownPortsOf(spec) } : {});
        expectAgreement(sim, spec, probe, `seed ${seed}, spec ${s}, probe ${p}`);
        checked++;
      }
    }
    expect(checked).toBe(10000);
    // Some specs span too many ports for a map: their classes are found by binary search, and are checked too.
    expect(ranged).toBeGreaterThan(0);
  });
});

describe('generated decision code agrees with explain() on random specs with the DNS proxy, given what it learned (seeded)', () => {
  const seed = Number(process.env.PIPYC_SEED ?? 20261202);
  it(`60 specs x 100 probes, seed ${seed}`, async () => {
    const { ownPortsOf, randomProbe, randomSpec, rng } = await import('../support/random-specs.js');
    const r = rng(seed);
    const reasons = new Set<string>();
    for (let s = 0; s < 60; s++) {
      const spec = randomSpec(r, { dns: true });
      const sim = simulate(spec, s % 2 === 0 ? 'pipy-1.5' : 'pipy-0.90');
      for (let p = 0; p < 100; p++) {
        const probe = randomProbe(r, { learned: true, ...(p % 2 === 0 && { ownPorts: ownPortsOf(spec) }) });
        reasons.add(expectAgreement(sim, spec, probe, `seed ${seed}, spec ${s}, probe ${p}`).reason);
      }
    }
    // Every way a name decides is met, so the agreement above covers them.
    for (const reason of ['dns-learned', 'not-resolved', 'expired']) expect([...reasons]).toContain(reason);
  });
});

describe('a client that sends nothing on a sniffed port is refused as unknown-protocol, on each target', () => {
  const spec = {
    Spec: { SidecarLogLevel: 'info' },
    EgressPolicies: [
      {
        Name: 'web',
        Hosts: ['example.com'],
        Ports: [
          { Number: 80, Protocol: 'http' },
          { Number: 443, Protocol: 'https' },
        ],
      },
    ],
  };
  it.each(TARGETS)('%s', (target) => {
    const sim = simulate(spec, target);
    for (const dst of ['203.0.113.10:80', '203.0.113.10:443']) {
      const seen = sim.run({ dst }, { silent: true });
      expect(seen.outcome, dst).toBe('reset');
      expect(seen.logs, dst).toEqual([expect.stringContaining('reason=unknown-protocol')]);
    }
    // The same client speaking HTTP is decided by its request (the 0.90 wait released by its first bytes).
    expect(sim.run({ dst: '203.0.113.10:80', protocol: 'http', host: 'example.com' }).outcome).toBe('forward');
  });
});

describe('the script keys addresses exactly as src/net/prefix-key.ts does', () => {
  const { keysOf } = scriptHelpers(
    compile({
      Spec: {},
      EgressPolicies: [
        { Name: 'a', IPAddresses: ['192.0.2.0/24', '2001:db8::/32'], Ports: [{ Number: 5432, Protocol: 'tcp' }] },
      ],
    }).files[0]!.contents,
    ['keysOf'],
  ) as {
    keysOf: (ip: string, lengths: number[]) => string[];
  };
  it.each(['192.0.2.77', '10.255.0.1', '0.0.0.0', '2001:db8:abcd:12::5', '::ffff:192.0.2.1', '::1', 'fe80::1:2:3:4'])(
    '%s',
    (text) => {
      const ip = parseIp(text)!;
      const lengths = ip.family === 4 ? [32, 24, 17, 8, 1, 0] : [128, 100, 64, 44, 33, 16, 7, 0];
      expect(keysOf(text, lengths)).toEqual(lengths.map((l) => prefixKey(ip, l)));
    },
  );
});

describe('generated decision code remembers verdicts per destination, bounded, and still agrees with explain()', () => {
  const spec = {
    Spec: { SidecarLogLevel: 'info', Traffic: { MeshCIDRs: ['192.0.2.0/25'] } },
    EgressPolicies: [
      { Name: 'db', IPAddresses: ['198.51.100.0/24'], Ports: [{ Number: 5432, Protocol: 'tcp' }] },
      { Name: 'web', Hosts: ['example.com'], Ports: [{ Number: 80, Protocol: 'http' }] },
    ],
  };
  it.each(TARGETS)('%s: 6,000 distinct destinations (past the 4,096 limit), each asked twice', (target) => {
    const sim = simulate(spec, target);
    const networks = ['198.51.100', '203.0.113', '192.0.2'];
    const ports = [5432, 5433, 80, 81, 443, 22, 8080, 6379];
    const probes = Array.from({ length: 6000 }, (_, i) => ({
      dst: `${networks[i % 3]}.${Math.floor(i / 3) % 256}:${ports[Math.floor(i / 768)]}`,
      src: '192.0.2.200',
    }));
    expect(new Set(probes.map((p) => p.dst)).size).toBe(6000);
    for (const round of [1, 2]) {
      for (const probe of probes) {
        const expected = explain(spec, probe);
        const seen = sim.run(probe);
        expect(seen.outcome, `${probe.dst}, round ${round}`).toBe(expected.outcome);
      }
    }
  });
});

describe('a Host looked up in full is answered from then on as a known one, the same answer each time', () => {
  const spec = {
    Spec: { SidecarLogLevel: 'error', Traffic: { EnableEgress: false } },
    EgressPolicies: [
      {
        Name: 'two-ports',
        Hosts: ['a.example', '*.wild.example'],
        Ports: [
          { Number: 80, Protocol: 'http' },
          { Number: 8080, Protocol: 'http' },
        ],
      },
      {
        Name: 'one-port',
        Hosts: ['*.one.example'],
        Ports: [{ Number: 8088, Protocol: 'http' }],
        Matches: [{ Path: '/ok' }],
      },
    ],
  };
  const probes: Probe[] = [
    // A class of two ports: the same Host text with a port is another answer on each.
    { dst: '203.0.113.1:80', protocol: 'http', host: 'b.wild.example:8080' },
    { dst: '203.0.113.1:8080', protocol: 'http', host: 'b.wild.example:8080' },
    { dst: '203.0.113.1:80', protocol: 'http', host: 'other.example' },
    { dst: '203.0.113.1:8080', protocol: 'http', host: 'other.example' },
    { dst: '203.0.113.1:80', protocol: 'http', host: 'B.Wild.Example.' },
    // A class of one port: with and without the port, a wildcard with Matches, an unlisted Host.
    { dst: '203.0.113.1:8088', protocol: 'http', host: 'x.one.example:8088', path: '/ok' },
    { dst: '203.0.113.1:8088', protocol: 'http', host: 'x.one.example:8088', path: '/no' },
    { dst: '203.0.113.1:8088', protocol: 'http', host: 'x.one.example', path: '/ok' },
    { dst: '203.0.113.1:8088', protocol: 'http', host: 'none.example:8088' },
    { dst: '203.0.113.1:8088', protocol: 'http', host: 'none.example:9999' },
  ];
  it.each(TARGETS)('target %s: every probe three times over, as explain() says', (target) =>
    expectAgreementEachRound(simulate(spec, target), spec, probes, 3),
  );

  it('past its bound (4,096 Hosts remembered) every Host is still looked up and answered as explain() says', () => {
    const sim = simulate(spec);
    for (let i = 0; i < 4200; i++) {
      const probe: Probe = { dst: '203.0.113.1:80', protocol: 'http', host: `h${i}.wild.example` };
      if (i % 100 === 0 || i >= 4090) expectAgreement(sim, spec, probe, `host ${i}`);
      else sim.run(probe);
    }
    for (const probe of probes) expectAgreement(sim, spec, probe, 'after the bound');
  });
});

describe('answers known at compile time are made on their first request, then read as they came, as explain() says', () => {
  // Logging keeps each policy's name: every rule and server name has a verdict of its own, made only when first used.
  const spec = {
    Spec: { SidecarLogLevel: 'info', Traffic: { EnableEgress: false } },
    EgressPolicies: [
      { Name: 'exact', Hosts: ['a.example'], Ports: [{ Number: 80, Protocol: 'http' }], Matches: [{ Path: '/ok' }] },
      { Name: 'any-request', Hosts: ['b.example'], Ports: [{ Number: 8088, Protocol: 'http' }] },
      {
        Name: 'two-rules',
        Hosts: ['c.example'],
        Ports: [{ Number: 80, Protocol: 'http' }],
        Matches: [{ Path: '/x', PathType: 'Exact', Methods: ['GET'] }, { Path: '/y/' }],
      },
      { Name: 'also-c', Hosts: ['c.example'], Ports: [{ Number: 80, Protocol: 'http' }], Matches: [{ Path: '/z' }] },
      { Name: 'tls', Hosts: ['s.example', '*.w.example'], Ports: [{ Number: 443, Protocol: 'https' }] },
    ],
  };
  const http = (dst: string, host: string, path = '/', method = 'GET'): Probe => ({
    dst,
    protocol: 'http',
    host,
    path,
    method,
  });
  const probes: Probe[] = [
    http('203.0.113.1:80', 'a.example', '/ok'),
    http('203.0.113.1:80', 'a.example', '/no'),
    http('203.0.113.1:80', 'A.Example.', '/ok'),
    http('203.0.113.1:8088', 'b.example:8088', '/anything', 'DELETE'),
    http('203.0.113.1:8088', 'b.example', '/anything'),
    http('203.0.113.1:80', 'c.example', '/x'),
    http('203.0.113.1:80', 'c.example', '/x', 'POST'),
    http('203.0.113.1:80', 'c.example', '/y/1'),
    http('203.0.113.1:80', 'c.example', '/z'),
    // Keys every object has of its own kind are no answer.
    ...['toString', 'valueOf', 'constructor', '__proto__', 'hasOwnProperty'].map((host) =>
      http('203.0.113.1:80', host),
    ),
    { dst: '203.0.113.1:443', protocol: 'tls', sni: 's.example' },
    { dst: '203.0.113.1:443', protocol: 'tls', sni: 'S.EXAMPLE' },
    { dst: '203.0.113.1:443', protocol: 'tls', sni: 'x.w.example' },
    { dst: '203.0.113.1:443', protocol: 'tls', sni: 'toString' },
  ];
  it.each(TARGETS)('target %s: every probe three times over, as explain() says', (target) =>
    expectAgreementEachRound(simulate(spec, target), spec, probes, 3),
  );
});

describe('verdicts name their policy from the rows of [names], past the first row, as explain() says', () => {
  const n = 40;
  const spec = {
    Spec: { SidecarLogLevel: 'info', Traffic: { EnableEgress: false } },
    EgressPolicies: Array.from({ length: n }, (_, i) => [
      { Name: `tcp-${i}`, IPAddresses: [`198.51.100.${i}/32`], Ports: [{ Number: 5432, Protocol: 'tcp' }] },
      { Name: `web-${i}`, Hosts: [`w${i}.example`], Ports: [{ Number: 80, Protocol: 'http' }] },
      { Name: `tls-${i}`, Hosts: [`*.t${i}.example`], Ports: [{ Number: 443, Protocol: 'https' }] },
    ]).flat(),
  };
  const probes: Probe[] = Array.from({ length: n }, (_, i): Probe[] => [
    { dst: `198.51.100.${i}:5432`, protocol: 'tcp' },
    { dst: '203.0.113.1:80', protocol: 'http', host: `w${i}.example`, path: '/', method: 'GET' },
    { dst: '203.0.113.1:443', protocol: 'tls', sni: `a.t${i}.example` },
  ]).flat();
  it.each(TARGETS)('target %s: each policy named in its line', (target) => {
    const sim = simulate(spec, target);
    for (const probe of probes) {
      const expected = expectAgreement(sim, spec, probe, 'policy');
      expect(expected.policy, JSON.stringify(probe)).toMatch(/^(tcp|web|tls)-\d+$/);
    }
  });
});
