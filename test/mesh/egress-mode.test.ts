import { describe, expect, it } from 'vitest';
import { compileObjects } from '../../src/compile/compile-mesh.js';
import { explainer } from '../../src/compile/explain.js';
import { PipycError } from '../../src/diagnostics/diagnostic.js';
import { auditTargetProblem } from '../../src/mesh/egress-mode.js';
import { loadObjects } from '../../src/mesh/load-objects.js';
import { MeshIndex, resolveIdentity, unlistedSpec } from '../../src/mesh/resolve-identity.js';
import type { OsmEdgePluginOutput } from '../../src/outputs/osm-edge-plugin/assembly.js';

const MESH = `apiVersion: config.openservicemesh.io/v1alpha2
kind: MeshConfig
metadata: {name: osm-mesh-config, namespace: osm-system}
spec: {featureFlags: {enableEgressPolicy: true, enablePluginPolicy: true}, traffic: {enableEgress: true}}
`;
const namespace = (name: string, mode?: string) =>
  `---\napiVersion: v1\nkind: Namespace\nmetadata: {name: ${name}${mode ? `, annotations: {pipyc.io/egress-mode: ${mode}}` : ''}}\n`;
const account = (ns: string, name: string, mode?: string) =>
  `---\napiVersion: v1\nkind: ServiceAccount\nmetadata: {name: ${name}, namespace: ${ns}${mode ? `, annotations: {pipyc.io/egress-mode: ${mode}}` : ''}}\n`;
const EGRESS = `---
apiVersion: policy.openservicemesh.io/v1alpha1
kind: Egress
metadata: {name: web, namespace: shop}
spec:
  sources: [{kind: ServiceAccount, namespace: shop, name: checkout}, {kind: ServiceAccount, namespace: shop, name: refunds}]
  hosts: [api.example.com]
  ports: [{number: 80, protocol: http}]
`;
const load = (...texts: string[]) => loadObjects([{ name: 'objects.yaml', text: [MESH, ...texts].join('') }]);
const plugin = { mode: { kind: 'egress-only' as const, egressDefault: 'deny' as const } };

describe("an identity's egress mode", () => {
  it('is enforce by default, and says so', () => {
    expect(resolveIdentity(load(EGRESS), 'shop/checkout', plugin).egressMode).toEqual({
      mode: 'enforce',
      from: 'default',
    });
  });

  it("follows its ServiceAccount's annotation over its Namespace's, and --audit over both", () => {
    const objects = load(EGRESS, namespace('shop', 'audit'), account('shop', 'refunds', 'enforce'));
    const checkout = resolveIdentity(objects, 'shop/checkout', plugin);
    expect(checkout.egressMode).toMatchObject({
      mode: 'audit',
      from: 'annotation pipyc.io/egress-mode on Namespace shop',
    });
    expect(checkout.spec?.Spec.Traffic?.EgressPolicyMode).toBe('audit');
    expect(checkout.sources.map((s) => s.kind)).toContain('Namespace');
    const refunds = resolveIdentity(objects, 'shop/refunds', plugin);
    expect(refunds.egressMode).toMatchObject({
      mode: 'enforce',
      from: 'annotation pipyc.io/egress-mode on ServiceAccount shop/refunds',
    });
    expect(refunds.spec?.Spec.Traffic?.EgressPolicyMode).toBeUndefined();
    for (const audit of [['shop/refunds'], ['shop'], ['*']])
      expect(resolveIdentity(objects, 'shop/refunds', { ...plugin, audit }).egressMode).toEqual({
        mode: 'audit',
        from: `--audit ${audit[0]}`,
      });
    expect(resolveIdentity(objects, 'shop/refunds', { ...plugin, audit: ['other'] }).egressMode.mode).toBe('enforce');
  });

  it('of an identity no Egress names: its annotations, then --egress-default audit', () => {
    const objects = load(EGRESS, account('shop', 'newcomer'), account('ops', 'backup', 'enforce'));
    const audits = { mode: { kind: 'egress-only' as const, egressDefault: 'audit' as const } };
    expect(resolveIdentity(objects, 'shop/newcomer', audits).egressMode).toEqual({
      mode: 'audit',
      from: '--egress-default audit',
    });
    expect(resolveIdentity(objects, 'ops/backup', audits).egressMode.mode).toBe('enforce');
    // An identity with an Egress is not the default's: --egress-default audit leaves it enforced.
    expect(resolveIdentity(objects, 'shop/checkout', audits).egressMode.mode).toBe('enforce');
    // A ServiceAccount among the objects is a known identity, with or without an Egress.
    expect(resolveIdentity(objects, 'shop/newcomer', plugin).diagnostics).toEqual([]);
    expect(new MeshIndex(objects).identities().map((i) => `${i.namespace}/${i.name}`)).toEqual([
      'ops/backup',
      'shop/checkout',
      'shop/newcomer',
      'shop/refunds',
    ]);
  });

  it("makes explain answer allow (would deny) for an audited identity's refusals", () => {
    const spec = resolveIdentity(load(EGRESS, namespace('shop', 'audit')), 'shop/checkout', plugin).spec!;
    const decide = explainer({ value: spec });
    expect(decide({ dst: '203.0.113.1:80', host: 'evil.example.com' })).toMatchObject({
      verdict: 'allow',
      outcome: 'forward',
      reason: 'host-not-allowed',
      policy: null,
      wouldDeny: true,
    });
    expect(decide({ dst: '203.0.113.1:80', host: 'api.example.com' })).toMatchObject({
      verdict: 'allow',
      policy: 'shop.web',
    });
    expect(decide({ dst: '203.0.113.1:80', host: 'api.example.com' }).wouldDeny).toBeUndefined();
  });

  it('refuses an annotation other than audit or enforce, at the annotation', () => {
    const objects = load(EGRESS, namespace('shop', 'Audit'));
    const r = resolveIdentity(objects, 'shop/checkout', plugin);
    expect(r.spec).toBeUndefined();
    expect(r.diagnostics).toContainEqual(
      expect.objectContaining({
        code: 'PIPYC7019',
        severity: 'error',
        message: 'Namespace shop: annotation pipyc.io/egress-mode is "Audit", not one of enforce, audit',
        // The value itself, on the Namespace's line (the 16th of the file).
        position: { file: 'objects.yaml', line: 16, column: 60 },
      }),
    );
    expect(() => compileObjects(objects, { format: 'osm-edge-plugin' })).toThrow(PipycError);
  });

  it('of a namespace without an identity of its own decides its default: every namespace among the objects gets a plugin', () => {
    const out = compileObjects(load(EGRESS, namespace('billing', 'audit'), namespace('quiet')), {
      format: 'osm-edge-plugin',
    }) as OsmEdgePluginOutput;
    expect(out.plugins.map((p) => [p.name, p.identities.length])).toEqual([
      ['pipyc-egress.billing', 0],
      ['pipyc-egress.quiet', 0],
      ['pipyc-egress.shop', 2],
      ['pipyc-egress', 0],
    ]);
    const index = new MeshIndex(load(EGRESS, namespace('billing', 'audit')));
    expect(unlistedSpec(index, plugin.mode, 'billing').Spec.Traffic?.EgressPolicyMode).toBe('audit');
    expect(unlistedSpec(index, plugin.mode, 'quiet').Spec.Traffic?.EgressPolicyMode).toBeUndefined();
    expect(unlistedSpec(index, plugin.mode, null, ['*']).Spec.Traffic?.EgressPolicyMode).toBe('audit');
  });
});

describe('--audit values', () => {
  it.each(['*', 'shop', 'shop/checkout', 'shop/sa.with.dots'])('takes %s', (value) => {
    expect(auditTargetProblem(value)).toBeUndefined();
  });
  it.each(['', 'Shop', 'a/b/c', 'shop/', '/x', 'sh op'])('refuses %j', (value) => {
    expect(auditTargetProblem(value)).toMatch(
      /^--audit ".*": give a namespace, <namespace>\/<serviceaccount>, or '\*'/,
    );
  });
});
