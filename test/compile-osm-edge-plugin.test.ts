import { describe, expect, it } from 'vitest';
import { compileOsmEdgePlugin, loadObjects, MAX_PLUGIN_BYTES, PipycError, type Diagnostic } from '../src/index.js';

const MESH_CONFIG = `apiVersion: config.openservicemesh.io/v1alpha2
kind: MeshConfig
metadata: { name: osm-mesh-config, namespace: osm-system }
spec:
  featureFlags: { enablePluginPolicy: true, enableEgressPolicy: false }
  traffic: { enableEgress: true }
`;

const egress = (ns: string, name: string, sa: string, hosts: string[], port = 443, protocol = 'https') => `---
apiVersion: policy.openservicemesh.io/v1alpha1
kind: Egress
metadata: { name: ${name}, namespace: ${ns} }
spec:
  sources: [{ kind: ServiceAccount, name: ${sa}, namespace: ${ns} }]
  hosts: [${hosts.join(', ')}]
  ports: [{ number: ${port}, protocol: ${protocol} }]
`;

function diagnosticsOf(run: () => unknown): Diagnostic[] {
  try {
    run();
  } catch (e) {
    if (e instanceof PipycError) return [...e.diagnostics];
    throw e;
  }
  return expect.fail('expected a PipycError');
}

describe('compileOsmEdgePlugin', () => {
  it('makes one Plugin per namespace (its identities only) and the default one, each with its PluginChain', () => {
    const text =
      MESH_CONFIG +
      egress('shop', 'pay', 'checkout', ['api.stripe.com']) +
      egress('ci', 'gh', 'runner', ['"*.github.com"']);
    const result = compileOsmEdgePlugin(loadObjects([{ name: 'mesh.yaml', text }]));
    expect(result.plugins.map((p) => [p.name, p.namespace, p.identities])).toEqual([
      ['pipyc-egress.ci', 'ci', ['ci/runner']],
      ['pipyc-egress.shop', 'shop', ['shop/checkout']],
      ['pipyc-egress', null, []],
    ]);
    expect(result.objects.map((o) => `${o.kind} ${o.metadata.namespace ?? '-'}/${o.metadata.name}`)).toEqual([
      'Plugin -/pipyc-egress.ci',
      'PluginChain ci/pipyc-egress',
      'Plugin -/pipyc-egress.shop',
      'PluginChain shop/pipyc-egress',
      'Plugin -/pipyc-egress',
      'PluginChain osm-system/pipyc-egress-other-namespaces',
    ]);
    const shopScript = result.objects[2]!.spec.pipyscript as string;
    expect(shopScript).toContain("'shop/checkout'");
    expect(shopScript).not.toContain('ci/runner');
    expect(result.objects[5]!.spec).toEqual({
      chains: [{ name: 'outbound-tcp', plugins: ['pipyc-egress'] }],
      selectors: {
        namespaceSelector: {
          matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['ci', 'shop'] }],
        },
      },
    });
    expect(result.warnings).toEqual([]);
  });

  it('is the same bytes whatever order the objects come in', () => {
    const parts = [
      MESH_CONFIG,
      egress('shop', 'pay', 'checkout', ['api.stripe.com']),
      egress('shop', 'db', 'checkout', ['db.example.com'], 5432, 'tcp'),
      egress('ci', 'gh', 'runner', ['"*.github.com"']),
    ];
    const yaml = (texts: string[]) =>
      compileOsmEdgePlugin(loadObjects(texts.map((text, i) => ({ name: `f${i}.yaml`, text })))).yaml;
    expect(yaml([...parts].reverse())).toBe(yaml(parts));
  });

  it('mounts on outbound-http too when osm-edge applies its own Egress policies (they send egress HTTP there)', () => {
    const text =
      MESH_CONFIG.replace('enableEgressPolicy: false', 'enableEgressPolicy: true') +
      egress('shop', 'pay', 'checkout', ['api.stripe.com']);
    const result = compileOsmEdgePlugin(loadObjects([{ name: 'mesh.yaml', text }]), { identity: 'shop/checkout' });
    expect(result.objects.map((o) => o.kind)).toEqual(['Plugin', 'PluginChain']);
    expect((result.objects[1]!.spec.chains as { name: string }[]).map((c) => c.name)).toEqual([
      'outbound-tcp',
      'outbound-http',
    ]);
    expect(result.warnings.map((d) => d.code)).toEqual(['PIPYC7016']);
  });

  it('refuses an identity name that is not <namespace>/<serviceaccount>, and an Egress source that is not a ServiceAccount name, located', () => {
    const text = MESH_CONFIG + egress('shop', 'pay', 'checkout', ['api.stripe.com']);
    expect(
      diagnosticsOf(() =>
        compileOsmEdgePlugin(loadObjects([{ name: 'mesh.yaml', text }]), { identity: 'shop/Check_Out' }),
      ),
    ).toMatchObject([{ code: 'PIPYC7012' }]);
    const bad = MESH_CONFIG + egress('shop', 'pay', 'Check_Out', ['api.stripe.com']);
    expect(diagnosticsOf(() => compileOsmEdgePlugin(loadObjects([{ name: 'mesh.yaml', text: bad }])))).toMatchObject([
      {
        code: 'PIPYC7003',
        message: expect.stringContaining('"Check_Out" is not a ServiceAccount name'),
        position: { file: 'mesh.yaml', line: 12 },
      },
    ]);
  });

  it(`refuses objects that would make a Plugin over ${MAX_PLUGIN_BYTES / 1024} KiB, saying which namespace, and returns nothing`, () => {
    const hosts = (i: number) =>
      Array.from({ length: 10 }, (_, j) => `host-${i}-${j}.some-rather-long-domain-name.example.com`);
    const text =
      MESH_CONFIG + Array.from({ length: 2000 }, (_, i) => egress('big', `e${i}`, `sa${i % 40}`, hosts(i))).join('');
    const found = diagnosticsOf(() => compileOsmEdgePlugin(loadObjects([{ name: 'mesh.yaml', text }])));
    expect(found).toMatchObject([
      {
        code: 'PIPYC6007',
        message: expect.stringMatching(
          /^Plugin pipyc-egress\.big \(namespace big, 40 identities\) would be \d+ KiB, over the 1024 KiB/,
        ),
      },
    ]);
  });

  it('names object fields in the messages of a spec the objects resolve to', () => {
    const text = MESH_CONFIG + egress('shop', 'pay', 'checkout', ['"a.*.example.com"']);
    expect(diagnosticsOf(() => compileOsmEdgePlugin(loadObjects([{ name: 'mesh.yaml', text }])))).toMatchObject([
      {
        code: 'PIPYC3004',
        message: expect.stringMatching(/^Egress shop\/pay: "a\.\*\.example\.com" is not a valid host/),
        position: { file: 'mesh.yaml' },
      },
    ]);
  });
});
