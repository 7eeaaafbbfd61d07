import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { diffMeshes, diffSpecs, explain, loadObjects, type Probe, type SidecarSpec } from '../../src/index.js';
import { specChanges } from '../../src/diff/spec-changes.js';
import { randomProbe, randomSpec, rng } from '../support/random-specs.js';

const source = (spec: unknown, name: string) => ({ name, text: JSON.stringify(spec) });
const base: SidecarSpec = {
  Spec: {},
  EgressPolicies: [{ Name: 'a', Hosts: ['a.example'], Ports: [{ Number: 443, Protocol: 'https' }] }],
};

describe('diffSpecs', () => {
  it('finds nothing between a spec and the same spec written otherwise (defaults, case, order, CIDR form)', () => {
    const other: SidecarSpec = {
      Spec: {
        SidecarLogLevel: 'error',
        Traffic: { EnableEgress: false, EgressPolicyMode: 'enforce', OutboundPort: 15001 },
      },
      EgressPolicies: [{ Name: 'a', Hosts: ['A.Example.'], Ports: [{ Number: 443, Protocol: 'https' }] }],
    };
    expect(diffSpecs(source(base, 'a'), source(other, 'b')).diffs).toEqual([]);
  });

  it('says what is added, removed and changed, entry by entry', () => {
    const after: SidecarSpec = {
      Spec: { Traffic: { EnableEgress: false, EgressPolicyMode: 'audit' } },
      EgressPolicies: [
        { Name: 'a', Hosts: ['a.example', 'b.example'], Ports: [{ Number: 8443, Protocol: 'https' }] },
        { Name: 'c', IPAddresses: ['192.0.2.0/24'], Ports: [{ Number: 22, Protocol: 'tcp-server-first' }] },
      ],
    };
    expect(diffSpecs(source(base, 'a'), source(after, 'b')).diffs).toEqual([
      {
        identity: 'spec',
        flips: [],
        changes: [
          { op: '~', subject: 'Spec.Traffic.EgressPolicyMode', from: 'enforce', to: 'audit' },
          { op: '+', subject: 'host', policy: 'a', value: 'b.example' },
          { op: '-', subject: 'port', policy: 'a', value: '443/https' },
          { op: '+', subject: 'port', policy: 'a', value: '8443/https' },
          {
            op: '+',
            subject: 'policy',
            policy: 'c',
            value: 'hosts (any); addresses 192.0.2.0/24; ports 22/tcp-server-first',
          },
        ],
      },
    ]);
  });

  it('refuses a spec that is not valid, with its diagnostics', () => {
    expect(() => diffSpecs(source(base, 'a'), { name: 'b', text: '{"Spec": 1}' })).toThrow(/Spec/);
  });
});

describe("flips: the verdicts are explain()'s on each side (seeded random specs)", () => {
  const seed = Number(process.env.PIPYC_SEED ?? 20261206);
  it(`40 pairs of random specs x 50 probes, seed ${seed}`, () => {
    const r = rng(seed);
    for (let s = 0; s < 40; s++) {
      const from = randomSpec(r);
      const to = randomSpec(r);
      const probes: Probe[] = Array.from({ length: 50 }, () => randomProbe(r, { ipv4Only: true }));
      const [diff] = diffSpecs(source(from, 'from'), source(to, 'to'), probes).diffs;
      const label = (spec: SidecarSpec, p: Probe) => {
        const e = explain(spec, p);
        return e.wouldDeny ? 'would-deny' : e.verdict;
      };
      const flipped = probes.filter((p) => label(from, p) !== label(to, p));
      expect(diff?.flips.map((f) => f.probe.dst) ?? [], `pair ${s}`).toEqual(flipped.map((p) => p.dst));
      for (const f of diff?.flips ?? []) {
        expect(f.from.verdict).toBe(label(from, f.probe));
        expect(f.to.reason).toBe(explain(to, f.probe).reason);
      }
      // A pair whose changes are empty decides every probe the same.
      if (!diff) expect(flipped).toEqual([]);
    }
  });
});

describe('diffMeshes', () => {
  const demo = new URL('../../examples/mesh/egress-demo.yaml', import.meta.url).pathname;
  const text = readFileSync(demo, 'utf8');
  const plugin = { kind: 'egress-only' as const, egressDefault: 'deny' as const };

  it('finds nothing between the same objects', () => {
    const objects = loadObjects([{ name: demo, text }]);
    expect(diffMeshes(objects, objects, plugin).diffs).toEqual([]);
  });

  it("an identity on one side only is compared with that side's default", () => {
    const before = loadObjects([{ name: 'before', text }]);
    const after = loadObjects([
      {
        name: 'after',
        text: text.replaceAll(
          '  - kind: ServiceAccount\n    name: curl\n',
          '  - kind: ServiceAccount\n    name: api\n',
        ),
      },
    ]);
    const { diffs } = diffMeshes(before, after, plugin);
    expect(diffs.map((d) => d.identity)).toEqual(['curl/api', 'curl/curl']);
    expect(diffs[0]!.changes.every((c) => c.op === '+')).toBe(true);
    expect(diffs[1]!.changes.every((c) => c.op === '-')).toBe(true);
  });

  it('an annotation alone is a difference: the mode of every identity of the namespace, and of its default', () => {
    const before = loadObjects([{ name: 'before', text }]);
    const annotated = `${text}\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: curl, annotations: {pipyc.io/egress-mode: audit}}\n`;
    const { diffs } = diffMeshes(before, loadObjects([{ name: 'after', text: annotated }]), plugin);
    const mode = { op: '~', subject: 'Spec.Traffic.EgressPolicyMode', from: 'enforce', to: 'audit' };
    expect(diffs.map((d) => [d.identity, d.changes])).toEqual([
      ['curl/curl', [mode]],
      ['(egress default of curl)', [mode]],
    ]);
    expect(specChanges(base, { ...base, Spec: { Traffic: { EgressPolicyMode: 'audit' } } })).toEqual([mode]);
  });
});
