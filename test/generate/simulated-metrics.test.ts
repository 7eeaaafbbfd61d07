import { describe, expect, it } from 'vitest';
import { compile, explain, type SidecarSpec } from '../../src/index.js';
import { ownPortsOf, randomProbe, randomSpec, rng } from '../support/random-specs.js';
import { Simulator } from '../../lab/simulator.js';

const PORT = 15010;
/** Decisions made from the destination alone, before any byte is seen: their protocol label is tcp. */
const BY_DESTINATION = new Set([
  'no-original-destination',
  'own-listener',
  'mesh',
  'egress-passthrough',
  'egress-disabled',
  'no-policy-for-port',
  'tcp-policy',
  'ip-not-allowed',
]);

/** The decision series of a scrape as label-string -> count. */
function decisionsOf(text: string): Map<string, number> {
  return new Map(
    [...text.matchAll(/^pipyc_egress_decisions_total\{(.*)\} (\d+)$/gm)].map((m) => [m[1]!, Number(m[2])]),
  );
}

describe('metrics code (simulated Pipy): every decision counted once, with the labels explain() gives', () => {
  const seed = Number(process.env.PIPYC_SEED ?? 20261127);
  it(`40 random specs x 200 probes with metrics on, seed ${seed}`, () => {
    const r = rng(seed);
    for (let s = 0; s < 40; s++) {
      const base = randomSpec(r);
      const spec: SidecarSpec = { ...base, Spec: { ...base.Spec, Metrics: { Port: PORT } } };
      const files = Object.fromEntries(compile(spec).files.map((f) => [f.path, f.contents]));
      const sim = new Simulator(files['main.js']!, files);
      const expected = new Map<string, number>();
      for (let p = 0; p < 200; p++) {
        const probe = randomProbe(r, { ipv4Only: true, ownPorts: ownPortsOf(spec) });
        const answer = explain(spec, probe);
        sim.run(probe);
        const decision = answer.wouldDeny ? 'would-deny' : answer.verdict;
        const key = `decision="${decision}",reason="${answer.reason}",protocol="${BY_DESTINATION.has(answer.reason) ? 'tcp' : answer.protocol}",policy="${answer.verdict === 'allow' || answer.reason === 'egress-passthrough' ? (answer.policy ?? '') : ''}"`;
        expected.set(key, (expected.get(key) ?? 0) + 1);
      }
      const scrape = sim.serve(PORT, 'GET', '/metrics');
      expect(scrape.status).toBe(200);
      expect(decisionsOf(scrape.body), `spec ${s}: ${JSON.stringify(spec)}`).toEqual(expected);
      expect(scrape.body).toMatch(/^pipyc_egress_active_connections 0$/m);
    }
  });

  it('serves only GET /metrics; without Metrics no metrics code is emitted', () => {
    const spec: SidecarSpec = {
      Spec: { Metrics: { Port: PORT } },
      EgressPolicies: [{ Name: 'a', Hosts: ['a.example'], Ports: [{ Number: 443, Protocol: 'https' }] }],
    };
    const files = Object.fromEntries(compile(spec).files.map((f) => [f.path, f.contents]));
    const sim = new Simulator(files['main.js']!, files);
    expect(sim.serve(PORT, 'POST', '/metrics').status).toBe(405);
    expect(sim.serve(PORT, 'GET', '/other').status).toBe(404);
    expect(sim.serve(PORT, 'GET', '/metrics?x=1').headers['content-type']).toBe(
      'text/plain; version=0.0.4; charset=utf-8',
    );
    const off = compile({ Spec: {}, EgressPolicies: spec.EgressPolicies! }).files[0]!.contents;
    expect(off).not.toMatch(/metrics|decisions|gauge|serveHTTP/);
  });
});
