import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileAllIdentities, compileIdentity } from '../../src/compile/compile-mesh.js';
import { PipycError } from '../../src/diagnostics/diagnostic.js';
import { explain } from '../../src/compile/explain.js';
import { loadObjects } from '../../src/mesh/load-objects.js';
import { MeshIndex, parseIdentity, resolveIdentity } from '../../src/mesh/resolve-identity.js';

const DEMO = new URL('../../examples/mesh/egress-demo.yaml', import.meta.url).pathname;
const demo = () => loadObjects([{ name: DEMO, text: readFileSync(DEMO, 'utf8') }]);

const egress = (name: string, sources: string[], spec: Record<string, unknown>) => `---
apiVersion: policy.openservicemesh.io/v1alpha1
kind: Egress
metadata: {name: ${name}, namespace: team}
spec:
  sources: [${sources.map((s) => `{kind: ServiceAccount, namespace: ${s.split('/')[0]}, name: ${s.split('/')[1]}}`).join(', ')}]
  ${Object.entries(spec)
    .map(([k, v]) => `${k}: ${JSON.stringify(v)}`)
    .join('\n  ')}
`;
const MESH =
  'apiVersion: config.openservicemesh.io/v1alpha2\nkind: MeshConfig\nmetadata: {name: m, namespace: osm}\nspec: {featureFlags: {enableEgressPolicy: true}}\n';

describe('resolveIdentity', () => {
  it('gives the osm-edge demo objects the meaning osm-edge gives them', () => {
    const r = resolveIdentity(demo(), 'curl/curl', { meshCIDRs: ['10.96.0.0/12'] });
    expect(r.diagnostics).toEqual([]);
    const spec = r.spec!;
    expect(
      explain(spec, {
        dst: '203.0.113.9:80',
        host: 'httpbin.org',
        path: '/status/200',
        headers: { 'user-agent': 'curl/8' },
      }),
    ).toMatchObject({ verdict: 'allow', policy: 'curl.httpbin-80' });
    expect(
      explain(spec, { dst: '203.0.113.9:80', host: 'httpbin.org', path: '/get', headers: { 'user-agent': 'curl/8' } }),
    ).toMatchObject({ verdict: 'deny', reason: 'request-not-matched' });
    expect(explain(spec, { dst: '203.0.113.9:443', sni: 'httpbin.org' })).toMatchObject({
      verdict: 'allow',
      policy: 'curl.httpbin-443',
    });
    expect(explain(spec, { dst: '203.0.113.20:5432', protocol: 'tcp' })).toMatchObject({
      verdict: 'allow',
      policy: 'curl.postgres',
    });
    expect(explain(spec, { dst: '203.0.113.21:5432', protocol: 'tcp' })).toMatchObject({ verdict: 'deny' });
  });

  it('applies an Egress only to the ServiceAccounts among its sources, across namespaces', () => {
    const objects = loadObjects([
      {
        name: 'o.yaml',
        text:
          MESH +
          egress('a', ['team/api', 'other/worker'], {
            hosts: ['a.example'],
            ports: [{ number: 443, protocol: 'https' }],
          }) +
          egress('b', ['team/api'], { ipAddresses: ['198.51.100.0/24'], ports: [{ number: 5432, protocol: 'TCP' }] }),
      },
    ]);
    const index = new MeshIndex(objects);
    expect(index.identities()).toEqual([
      { namespace: 'other', name: 'worker' },
      { namespace: 'team', name: 'api' },
    ]);
    expect(resolveIdentity(index, 'team/api').spec!.EgressPolicies!.map((p) => p.Name)).toEqual(['team.a', 'team.b']);
    expect(resolveIdentity(index, 'other/worker').spec!.EgressPolicies!.map((p) => p.Name)).toEqual(['team.a']);
    expect(resolveIdentity(index, 'team/api').spec!.EgressPolicies![1]!.Ports).toEqual([
      { Number: 5432, Protocol: 'tcp' },
    ]);
    const unknown = resolveIdentity(index, 'team/apj', { meshCIDRs: ['10.96.0.0/12'] });
    expect(unknown).toMatchObject({
      spec: undefined,
      diagnostics: [{ code: 'PIPYC7013', severity: 'error', hint: expect.stringMatching(/^did you mean team\/api\?/) }],
    });
    const nobody = resolveIdentity(index, 'team/nobody', { meshCIDRs: ['10.96.0.0/12'], allowUnknownIdentity: true });
    expect(nobody.spec).toEqual({ Spec: { Traffic: { EnableEgress: false, MeshCIDRs: ['10.96.0.0/12'] } } });
    expect(nobody.diagnostics).toMatchObject([{ code: 'PIPYC7013', severity: 'warning' }]);
  });

  it('takes both forms of HTTPRouteGroup headers, and * or no methods as any method', () => {
    const group = (headers: string) =>
      `---\napiVersion: specs.smi-spec.io/v1alpha4\nkind: HTTPRouteGroup\nmetadata: {name: g, namespace: team}\nspec:\n  matches:\n  - {name: m, methods: ["*"], headers: ${headers}}\n`;
    for (const headers of ['[{x-a: "1.*"}, {x-b: "2"}]', '{x-a: "1.*", x-b: "2"}']) {
      const text =
        MESH +
        egress('a', ['team/api'], {
          hosts: ['a.example'],
          ports: [{ number: 80, protocol: 'http' }],
          matches: [{ apiGroup: 'specs.smi-spec.io/v1alpha4', kind: 'HTTPRouteGroup', name: 'g' }],
        }) +
        group(headers);
      const r = resolveIdentity(loadObjects([{ name: 'o.yaml', text }]), 'team/api');
      expect(r.spec!.EgressPolicies![0]!.Matches).toEqual([{ Headers: { 'x-a': '1.*', 'x-b': '2' } }]);
    }
  });

  it("counts loadObjects' own problems: a duplicate object leaves no spec", () => {
    const text =
      MESH + egress('a', ['team/api'], { hosts: ['a.example'], ports: [{ number: 443, protocol: 'https' }] });
    const r = resolveIdentity(
      loadObjects([
        { name: 'one.yaml', text },
        { name: 'two.yaml', text },
      ]),
      'team/api',
    );
    expect(r.spec).toBeUndefined();
    expect(r.diagnostics.map((d) => d.code)).toContain('PIPYC7004');
  });

  it('rejects identities that are not namespace/name (resolveIdentity with a diagnostic, parseIdentity by throwing)', () => {
    for (const bad of ['curl', 'a/b/c', 'Curl/curl', '/curl', 'curl/']) {
      expect(() => parseIdentity(bad)).toThrow(PipycError);
      expect(resolveIdentity(demo(), bad)).toMatchObject({ spec: undefined, diagnostics: [{ code: 'PIPYC7012' }] });
    }
  });

  it('warns, at the MeshConfig, that without mesh CIDRs in-mesh destinations are egress (standalone sidecars only)', () => {
    const r = resolveIdentity(demo(), 'curl/curl');
    expect(r.diagnostics).toMatchObject([
      { code: 'PIPYC7017', severity: 'warning', position: { file: expect.stringContaining('egress-demo.yaml') } },
    ]);
    expect(
      resolveIdentity(demo(), 'curl/curl', { mode: { kind: 'egress-only', egressDefault: 'deny' } }).diagnostics,
    ).toEqual([]);
  });

  it('leaves no spec when an Egress of the identity is wrong, while other identities resolve', () => {
    const text =
      MESH +
      egress('bad', ['team/api'], { ports: [{ number: 80, protocol: 'udp' }] }) +
      egress('good', ['team/web'], { hosts: ['w.example'], ports: [{ number: 80, protocol: 'http' }] });
    const index = new MeshIndex(loadObjects([{ name: 'o.yaml', text }]));
    expect(resolveIdentity(index, 'team/api')).toMatchObject({
      spec: undefined,
      diagnostics: [{ code: 'PIPYC7007' }, { code: 'PIPYC7017' }],
    });
    expect(resolveIdentity(index, 'team/web').spec).toBeDefined();
    expect(() => compileAllIdentities(index)).toThrow(/PIPYC7007/);
  });
});

describe('compileIdentity and compileAllIdentities', () => {
  it('records the identity and its source objects (with resourceVersion) in the manifest', () => {
    const text =
      MESH +
      egress('a', ['team/api'], { hosts: ['a.example'], ports: [{ number: 443, protocol: 'https' }] }).replace(
        'namespace: team}',
        'namespace: team, resourceVersion: "42"}',
      );
    const r = compileIdentity(loadObjects([{ name: 'o.yaml', text }]), 'team/api');
    expect(r.manifest.source).toEqual({
      identity: 'team/api',
      objects: [
        { kind: 'Egress', namespace: 'team', name: 'a', resourceVersion: '42' },
        { kind: 'MeshConfig', namespace: 'osm', name: 'm' },
      ],
    });
    expect(JSON.parse(r.files.find((f) => f.path === 'manifest.json')!.contents)).toEqual(r.manifest);
  });

  it('writes one codebase per identity; identities with the same spec share the same code', () => {
    const text =
      MESH +
      egress('shared', ['team/a', 'team/b'], { hosts: ['s.example'], ports: [{ number: 443, protocol: 'https' }] }) +
      egress('own', ['team/c'], { hosts: ['c.example'], ports: [{ number: 443, protocol: 'https' }] });
    const tree = compileAllIdentities(loadObjects([{ name: 'o.yaml', text }]), { meshCIDRs: ['10.96.0.0/12'] });
    expect(tree.identities.map((i) => i.dir)).toEqual(['team/a', 'team/b', 'team/c']);
    const file = (p: string) => tree.files.find((f) => f.path === p)!.contents;
    expect(file('team/a/main.js')).toBe(file('team/b/main.js'));
    expect(file('team/a/egress-tables.txt')).toBe(file('team/b/egress-tables.txt'));
    expect(file('team/a/egress-tables.txt')).not.toBe(file('team/c/egress-tables.txt'));
    expect(JSON.parse(file('manifest.json'))).toMatchObject({
      layout: 'identities',
      identities: [{ identity: 'team/a' }, { identity: 'team/b' }, { identity: 'team/c' }],
    });
    expect(tree.identities[0]!.specSha256).toBe(tree.identities[1]!.specSha256);
  });

  it('is deterministic: the same objects in any order give the same bytes', () => {
    const parts = [
      MESH,
      egress('x', ['team/a'], { hosts: ['x.example'], ports: [{ number: 80, protocol: 'http' }] }),
      egress('y', ['team/a'], { hosts: ['y.example'], ports: [{ number: 80, protocol: 'http' }] }),
    ];
    const one = compileAllIdentities(loadObjects([{ name: 'o.yaml', text: parts.join('') }])).files;
    const two = compileAllIdentities(
      loadObjects([{ name: 'o.yaml', text: [parts[0], parts[2], parts[1]].join('') }]),
    ).files;
    expect(two).toEqual(one);
  });
});

describe("osm-edge's local DNS proxy: tcp Egress hosts by the names the sidecar resolved", () => {
  const meshWith = (localDNSProxy: object) =>
    `apiVersion: config.openservicemesh.io/v1alpha2\nkind: MeshConfig\nmetadata: {name: m, namespace: osm}\nspec: {featureFlags: {enableEgressPolicy: true, enablePluginPolicy: true}, traffic: {enableEgress: true}, sidecar: {localDNSProxy: ${JSON.stringify(localDNSProxy)}}}\n`;
  const db = egress('db', ['team/api'], { hosts: ['db.example.com'], ports: [{ number: 5432, protocol: 'tcp' }] });
  const resolve = (localDNSProxy: object, options = {}) =>
    resolveIdentity(loadObjects([{ name: 'o.yaml', text: meshWith(localDNSProxy) + db }]), 'team/api', options);

  it('maps enable + the primary (else secondary) upstream to Spec.Traffic.DNS, and the Hosts then decide', () => {
    const r = resolve({
      enable: true,
      primaryUpstreamDNSServerIPAddr: '10.96.0.10',
      secondaryUpstreamDNSServerIPAddr: '10.96.0.11',
    });
    expect(r.diagnostics.map((d) => d.code)).toEqual([]);
    expect(r.spec!.Spec.Traffic).toMatchObject({ DNS: { Upstream: '10.96.0.10' } });
    expect(resolve({ enable: true, secondaryUpstreamDNSServerIPAddr: '10.96.0.11' }).spec!.Spec.Traffic).toMatchObject({
      DNS: { Upstream: '10.96.0.11' },
    });
    const spec = { ...r.spec!, Spec: { ...r.spec!.Spec, Traffic: { ...r.spec!.Spec.Traffic, EnableEgress: false } } };
    expect(explain(spec, { dst: '203.0.113.20:5432' })).toMatchObject({ verdict: 'deny', reason: 'not-resolved' });
    expect(explain(spec, { dst: '203.0.113.20:5432', resolved: { 'db.example.com': ['203.0.113.20'] } })).toMatchObject(
      { verdict: 'allow', reason: 'dns-learned', policy: 'team.db' },
    );
  });

  it('off, or on without an upstream address: no DNS proxy (the latter warned at the MeshConfig field), Hosts allow by port', () => {
    expect(
      resolve({ enable: false, primaryUpstreamDNSServerIPAddr: '10.96.0.10' }).spec!.Spec.Traffic,
    ).not.toHaveProperty('DNS');
    const r = resolve({ enable: true });
    expect(r.spec!.Spec.Traffic).not.toHaveProperty('DNS');
    expect(r.diagnostics.map((d) => [d.code, d.message])).toEqual([
      ['PIPYC7018', expect.stringContaining('localDNSProxy is on without an upstream address')],
    ]);
  });

  it("in plugin mode osm-edge's own proxy answers the pod: the plugin gets no DNS proxy", () => {
    const r = resolve(
      { enable: true, primaryUpstreamDNSServerIPAddr: '10.96.0.10' },
      { mode: { kind: 'egress-only', egressDefault: 'deny' } },
    );
    expect(r.spec!.Spec.Traffic).not.toHaveProperty('DNS');
  });
});
