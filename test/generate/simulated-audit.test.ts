import { describe, expect, it } from 'vitest';
import { compile, type SidecarSpec } from '../../src/index.js';
import { Simulator } from '../../lab/simulator.js';
import { TARGETS } from '../../src/sidecar-spec/targets.js';

const spec = (level: NonNullable<SidecarSpec['Spec']['SidecarLogLevel']>): SidecarSpec => ({
  Spec: { SidecarLogLevel: level, Traffic: { EgressPolicyMode: 'audit' } },
  EgressPolicies: [{ Name: 'api', Hosts: ['api.example.com'], Ports: [{ Number: 80, Protocol: 'http' }] }],
});

function simulate(s: SidecarSpec, target: (typeof TARGETS)[number]): Simulator {
  const files = Object.fromEntries(compile(s, { target }).files.map((f) => [f.path, f.contents]));
  return new Simulator(files['main.js']!, files);
}

const evil = { dst: '203.0.113.10:80', protocol: 'http' as const, host: 'evil.example.com', path: '/' };
const other = { dst: '203.0.113.10:80', protocol: 'http' as const, host: 'other.example.com', path: '/' };

describe.each(TARGETS)('would-deny lines of the generated code (simulated Pipy, %s)', (target) => {
  it('writes each destination, name and reason once a minute, then how many it held back', () => {
    const sim = simulate(spec('error'), target);
    expect(sim.run(evil).logs).toEqual([
      'pipyc egress would-deny dst=203.0.113.10:80 proto=http reason=host-not-allowed host="evil.example.com" method="GET" path="/"',
    ]);
    expect(sim.run({ ...evil, path: '/other' }).logs).toEqual([]);
    expect(sim.run(evil).logs).toEqual([]);
    sim.advanceClock(30_000);
    expect(sim.run(evil).logs).toEqual([]);
    sim.advanceClock(31_000);
    // A minute since the first: written again, and the three held back are counted.
    expect(sim.run(evil).logs).toEqual([
      'pipyc egress held-back=3 (lines written at most once a minute per destination, name and reason)',
      'pipyc egress would-deny dst=203.0.113.10:80 proto=http reason=host-not-allowed host="evil.example.com" method="GET" path="/"',
    ]);
    expect(sim.run(other).logs).toHaveLength(1);
  });

  it("in enforce mode at error level (osm-edge's default) writes each refusal once a minute, the same way", () => {
    const sim = simulate({ ...spec('error'), Spec: { SidecarLogLevel: 'error' } }, target);
    const refused = [
      'pipyc egress deny dst=203.0.113.10:80 proto=http reason=host-not-allowed host="evil.example.com" method="GET" path="/"',
    ];
    expect(sim.run(evil)).toMatchObject({ outcome: 'http-403', logs: refused });
    expect(sim.run({ ...evil, path: '/other' }).logs).toEqual([]);
    expect(sim.run({ ...evil, protocol: 'tcp', host: undefined, dst: '203.0.113.10:22' }).logs).toEqual([
      'pipyc egress deny dst=203.0.113.10:22 proto=tcp reason=no-policy-for-port',
    ]);
    // Allowed traffic writes nothing at this level.
    expect(sim.run({ ...evil, host: 'api.example.com' }).logs).toEqual([]);
    sim.advanceClock(61_000);
    expect(sim.run(evil).logs).toEqual([
      'pipyc egress held-back=1 (lines written at most once a minute per destination, name and reason)',
      ...refused,
    ]);
  });

  it('logs a refused connection of a spec with nothing to sniff from its own lookup, and nothing of an allowed one', () => {
    const tcpOnly = (level: NonNullable<SidecarSpec['Spec']['SidecarLogLevel']>): SidecarSpec => ({
      Spec: { SidecarLogLevel: level },
      EgressPolicies: [{ Name: 'db', IPAddresses: ['203.0.113.20/32'], Ports: [{ Number: 5432, Protocol: 'tcp' }] }],
    });
    const refused = { dst: '203.0.113.21:5432', protocol: 'tcp' as const };
    const allowed = { dst: '203.0.113.20:5432', protocol: 'tcp' as const };
    const line = 'pipyc egress deny dst=203.0.113.21:5432 proto=tcp reason=ip-not-allowed';
    const bounded = simulate(tcpOnly('error'), target);
    expect(bounded.run(refused)).toMatchObject({ outcome: 'reset', logs: [line] });
    expect(bounded.run(refused).logs).toEqual([]);
    expect(bounded.run(allowed)).toMatchObject({ outcome: 'forward', logs: [] });
    const every = simulate(tcpOnly('warning'), target);
    expect(every.run(refused).logs).toEqual([line]);
    expect(every.run(refused).logs).toEqual([line]);
    expect(every.run(allowed).logs).toEqual([]);
  });

  it('keeps at most two generations of what it wrote: the oldest names are written again', () => {
    const sim = simulate(spec('error'), target);
    for (let i = 0; i < 5000; i++) sim.run({ ...evil, host: `h${i}.example.com` });
    // h0 was in a generation dropped since: written again at once; h4999 is remembered.
    expect(sim.run({ ...evil, host: 'h0.example.com' }).logs).toHaveLength(1);
    expect(sim.run({ ...evil, host: 'h4999.example.com' }).logs).toEqual([]);
  });

  it('writes nothing at SidecarLogLevel off, and passes the request all the same', () => {
    const seen = simulate(spec('off'), target).run(evil);
    expect(seen.outcome).toBe('forward');
    expect(seen.logs).toEqual([]);
  });

  it('in enforce mode no would-deny code is emitted at all', () => {
    const enforce = compile({ ...spec('info'), Spec: { SidecarLogLevel: 'info' } }, { target });
    expect(enforce.files.find((f) => f.path === 'main.js')!.contents).not.toMatch(/wouldDeny|auditing/);
  });
});
