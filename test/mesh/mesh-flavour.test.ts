import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileOsmEdgePlugin } from '../../src/compile/compile-osm-edge-plugin.js';
import { loadObjects } from '../../src/mesh/load-objects.js';
import { flavourOf } from '../../src/mesh/objects.js';
import { MeshIndex, resolveIdentity } from '../../src/mesh/resolve-identity.js';

const FSM_DEMO = 'golden/mesh-objects/fsm-demo/objects.yaml';
const load = (name: string) => loadObjects([{ name, text: readFileSync(name, 'utf8') }]);

describe("the mesh a set of objects comes from, read from their API groups (osm-edge's or fsm's)", () => {
  it('tells the groups apart; the kinds every mesh shares belong to none', () => {
    expect(flavourOf('config.flomesh.io/v1alpha3')).toBe('fsm');
    expect(flavourOf('policy.flomesh.io/v1alpha1')).toBe('fsm');
    expect(flavourOf('config.openservicemesh.io/v1alpha2')).toBe('osm-edge');
    expect(flavourOf('specs.smi-spec.io/v1alpha4')).toBeUndefined();
    expect(flavourOf('v1')).toBeUndefined();
  });

  it("reads fsm's objects as osm-edge's: the same spec, fsm's namespace for the mesh's own objects", () => {
    const index = new MeshIndex(load(FSM_DEMO));
    expect(index.flavour).toBe('fsm');
    expect(index.meshNamespace()).toBe('fsm-system');
    const fsm = resolveIdentity(index, 'curl/curl', { meshCIDRs: ['10.96.0.0/12'] });
    const osm = resolveIdentity(load('examples/mesh/egress-demo.yaml'), 'curl/curl', { meshCIDRs: ['10.96.0.0/12'] });
    expect(fsm.spec).toEqual(osm.spec);
    expect(new MeshIndex(load('examples/mesh/egress-demo.yaml')).flavour).toBe('osm-edge');
  });

  it('compiles the plugin of an fsm mesh for Pipy 1.5 (the Pipy of its sidecar image) by default', () => {
    const text = readFileSync(FSM_DEMO, 'utf8')
      .replace('enableEgressPolicy: true', 'enableEgressPolicy: false\n    enablePluginPolicy: true')
      .replace('enableEgress: false', 'enableEgress: true');
    const out = compileOsmEdgePlugin(loadObjects([{ name: 'fsm.yaml', text }]));
    const plugins = out.objects.filter((o) => o.kind === 'Plugin');
    expect(plugins.length).toBeGreaterThan(0);
    for (const p of plugins) expect(p.metadata.annotations?.['pipyc.io/target']).toBe('pipy-1.5');
    expect(out.objects.find((o) => o.kind === 'PluginChain' && o.metadata.namespace === 'fsm-system')).toBeDefined();
  });

  it('refuses objects of both meshes in one input, naming one object of each at its apiVersion', () => {
    const index = new MeshIndex(load('test/bad-objects/mixed-meshes.yaml'));
    const mixed = index.diagnostics.find((d) => d.code === 'PIPYC7020')!;
    expect(mixed.message).toBe(
      "Egress curl/httpbin (policy.openservicemesh.io/v1alpha1) is osm-edge's, but MeshConfig fsm-system/fsm-mesh-config (config.flomesh.io/v1alpha3) is fsm's: the objects of one mesh at a time",
    );
    expect(mixed.position).toMatchObject({ line: 9, column: 13 });
    expect(resolveIdentity(index, 'curl/curl').spec).toBeUndefined();
  });
});
