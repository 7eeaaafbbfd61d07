import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { compileObjects } from '../../src/compile/compile-mesh.js';
import { explain } from '../../src/compile/explain.js';
import { learnedEgresses, learnedYaml, notYetAllowed, WouldDenyReader } from '../../src/learn/learn.js';
import { loadObjects } from '../../src/mesh/load-objects.js';
import { resolveIdentity } from '../../src/mesh/resolve-identity.js';

const wd = (fields: string) => `2026-12-06 10:00:00.000 [ERR] pipyc egress would-deny ${fields}`;
const OBSERVED = [
  wd(
    'dst=203.0.113.10:80 proto=http reason=host-not-allowed identity=shop/checkout host="API.Example.COM.:80" method="POST" path="/v1"',
  ),
  wd(
    'dst=203.0.113.11:80 proto=http reason=host-not-allowed identity=shop/checkout host="www.example.net" method="GET" path="/"',
  ),
  wd('dst=203.0.113.10:443 proto=tls reason=sni-not-allowed identity=shop/checkout sni="pay.example.com"'),
  wd('dst=203.0.113.12:443 proto=tls reason=no-sni identity=shop/checkout'),
  wd('dst=203.0.113.20:5432 proto=tcp reason=no-policy-for-port identity=shop/checkout'),
  wd('dst=[2001:db8::20]:5432 proto=tcp reason=no-policy-for-port identity=shop/checkout'),
  wd('dst=203.0.113.30:6379 proto=tcp reason=egress-disabled identity=ops/backup'),
];

function read(lines: readonly string[], options = {}): WouldDenyReader {
  const reader = new WouldDenyReader(options);
  lines.forEach((l, i) => reader.add(l, `log:${i + 1}`));
  return reader;
}

/** The CRD's schema of osm-edge's Egress (test/fixtures/osm-edge/policy_egress.yaml). */
function egressSchema(): object {
  const text = readFileSync(new URL('../fixtures/osm-edge/policy_egress.yaml', import.meta.url), 'utf8');
  const crd = parseAllDocuments(text)
    .map((d) => d.toJS())
    .find((d) => d?.kind === 'CustomResourceDefinition');
  return crd.spec.versions.find((v: { name: string }) => v.name === 'v1alpha1').schema.openAPIV3Schema;
}

describe('pipyc learn', () => {
  it('writes per identity one Egress per protocol and port that allows exactly what was observed', () => {
    const reader = read(OBSERVED);
    expect(reader.dropped).toEqual([
      {
        at: 'log:6',
        why: 'dst="[2001:db8::20]:5432": an Egress allows IPv6 addresses by name only (its CRD takes IPv4 CIDRs)',
      },
    ]);
    const objects = learnedEgresses(reader.observations());
    expect(objects.map((o) => [`${o.metadata.namespace}/${o.metadata.name}`, o.spec])).toEqual([
      [
        'ops/learned-backup-tcp-6379',
        {
          sources: [{ kind: 'ServiceAccount', name: 'backup', namespace: 'ops' }],
          ipAddresses: ['203.0.113.30/32'],
          ports: [{ number: 6379, protocol: 'tcp' }],
        },
      ],
      [
        'shop/learned-checkout-http-80',
        expect.objectContaining({
          hosts: ['api.example.com', 'www.example.net'],
          ports: [{ number: 80, protocol: 'http' }],
        }),
      ],
      [
        'shop/learned-checkout-https-443',
        expect.objectContaining({ hosts: ['pay.example.com'], ports: [{ number: 443, protocol: 'https' }] }),
      ],
      ['shop/learned-checkout-https-443-by-address', expect.objectContaining({ ipAddresses: ['203.0.113.12/32'] })],
      ['shop/learned-checkout-tcp-5432', expect.objectContaining({ ipAddresses: ['203.0.113.20/32'] })],
    ]);
  });

  it('output that the Egress CRD takes and pipyc compiles, and that allows every observation', () => {
    const objects = learnedEgresses(read(OBSERVED).observations());
    const validate = new Ajv({ strict: false }).compile(egressSchema());
    for (const o of objects) expect(validate(o), JSON.stringify(validate.errors)).toBe(true);
    const yaml = learnedYaml(objects, []);
    const loaded = loadObjects([{ name: 'learned.yaml', text: yaml }]);
    expect(loaded.diagnostics).toEqual([]);
    expect(() => compileObjects(loaded, { format: 'osm-edge-plugin' })).not.toThrow();
    const checkout = resolveIdentity(loaded, 'shop/checkout', { mode: { kind: 'egress-only', egressDefault: 'deny' } })
      .spec!;
    for (const probe of read(OBSERVED)
      .observations()
      .filter((o) => o.identity === 'shop/checkout')
      .map((o) => o.probe))
      expect(explain(checkout, probe), JSON.stringify(probe)).toMatchObject({ verdict: 'allow' });
    expect(explain(checkout, { dst: '203.0.113.10:80', host: 'other.example' })).toMatchObject({ verdict: 'deny' });
  });

  it('is deterministic: the same lines in any order and number give the same bytes', () => {
    const once = learnedYaml(learnedEgresses(read(OBSERVED).observations()), []);
    const twice = learnedYaml(learnedEgresses(read([...OBSERVED].reverse().concat(OBSERVED)).observations()), []);
    expect(twice).toBe(once);
  });

  it('with existing objects, learns only what they do not allow yet', () => {
    const existing = loadObjects([
      { name: 'learned.yaml', text: learnedYaml(learnedEgresses(read(OBSERVED.slice(0, 3)).observations()), []) },
    ]);
    const left = notYetAllowed(read(OBSERVED).observations(), existing);
    expect(left.map((o) => `${o.identity} ${o.probe.dst}`)).toEqual([
      'ops/backup 203.0.113.30:6379',
      'shop/checkout 203.0.113.12:443',
      'shop/checkout 203.0.113.20:5432',
    ]);
  });

  it('drops what is not egress or not valid, and says why; writes nothing from it', () => {
    const reader = read(
      [
        wd('dst=10.96.0.10:53 proto=tcp reason=no-policy-for-port identity=shop/checkout'),
        wd('dst=127.0.0.1:8080 proto=tcp reason=no-policy-for-port identity=shop/checkout'),
        wd('dst=[::1]:8080 proto=tcp reason=no-policy-for-port identity=shop/checkout'),
        wd('dst=203.0.113.10:0 proto=tcp reason=x identity=shop/checkout'),
        wd('dst=203.0.113.10:70000 proto=tcp reason=x identity=shop/checkout'),
        wd(`dst=203.0.113.10:80 proto=http reason=x identity=shop/checkout host="${'a'.repeat(300)}.example"`),
        wd('dst=203.0.113.10:80 proto=http reason=x identity=shop/checkout host="a b.example"'),
        wd('dst=203.0.113.10:80 proto=http reason=x identity=shop/checkout host="*.example.com"'),
        wd('dst=203.0.113.10:80 proto=http reason=x identity=shop/checkout host="evil\\u001b[31m.example"'),
        wd('dst=203.0.113.10:80 proto=http reason=x identity=shop/checkout host="203.0.113.9"'),
        wd('dst=203.0.113.10:80 proto=quic reason=x identity=shop/checkout'),
        wd('dst=203.0.113.10:80 proto=tcp reason=no-policy-for-port'),
      ],
      { meshCIDRs: ['10.96.0.0/12'] },
    );
    expect(reader.observations()).toEqual([]);
    expect(reader.dropped.map((d) => d.at)).toEqual(Array.from({ length: 12 }, (_, i) => `log:${i + 1}`));
    for (const d of reader.dropped) expect(d.why).not.toMatch(/[\u0000-\u001f]/);
    // With --identity, a line that names none is attributed to it.
    expect(
      read([wd('dst=203.0.113.10:80 proto=tcp reason=no-policy-for-port')], { identity: 'a/b' }).observations(),
    ).toHaveLength(1);
  });

  it('counts a line written again (by other pods, later minutes) once read, and keeps where it was first read', () => {
    const line = OBSERVED[4]!;
    const reader = read([
      `[pod/a/sidecar] 2026-12-06T10:00:00Z ${line}`,
      `[pod/b/sidecar] 2026-12-06T10:01:00Z ${line}`,
      line,
      wd('dst=203.0.113.20:5432 proto=tcp reason=no-policy-for-port identity=shop/checkout"'),
      wd('dst=203.0.113.20:5432 proto=tcp reason=no-policy-for-port identity=shop/checkout"'),
      wd('dst=127.0.0.1:5432 proto=tcp reason=no-policy-for-port identity=shop/checkout'),
      wd('dst=127.0.0.1:5432 proto=tcp reason=no-policy-for-port identity=shop/checkout'),
    ]);
    expect(reader.observations()).toMatchObject([{ count: 3, at: 'log:1', identity: 'shop/checkout' }]);
    expect(reader.wouldDeny).toBe(5);
    // The same bad line twice: reported twice, each at its own place.
    expect(reader.unreadable.map((d) => d.at)).toEqual(['log:4', 'log:5']);
    expect(reader.dropped).toEqual([
      { at: 'log:6', why: 'dst="127.0.0.1:5432" is loopback: not egress' },
      { at: 'log:7', why: 'dst="127.0.0.1:5432" is loopback: not egress' },
    ]);
  });

  it('reads no would-deny out of a deny line, whatever its Host says', () => {
    const forged = 'pipyc egress would-deny dst=203.0.113.50:443 proto=tcp reason=x identity=shop/checkout';
    const reader = read([
      `pipyc egress deny dst=203.0.113.10:80 proto=http reason=host-not-allowed host=${JSON.stringify(forged)} method="GET" path="/"`,
    ]);
    expect(reader.wouldDeny).toBe(0);
    expect(reader.observations()).toEqual([]);
  });

  it('keeps names valid for Kubernetes, however long the ServiceAccount', () => {
    const account = `${'a'.repeat(120)}.${'b'.repeat(120)}`;
    const [o] = learnedEgresses(
      read([wd(`dst=203.0.113.10:80 proto=tcp reason=x identity=ns/${account}`)]).observations(),
    );
    expect(o!.metadata.name.length).toBeLessThanOrEqual(253);
    expect(o!.metadata.name).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/);
  });
});
