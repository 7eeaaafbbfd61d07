import { describe, expect, it } from 'vitest';
import { applySetOf } from '../../../src/outputs/osm-edge-plugin/objects.js';
import { readFileSync } from 'node:fs';
import { compileOsmEdgePlugin, loadObjects } from '../../../src/index.js';

const DEMO = 'examples/mesh/egress-demo.yaml';

describe('the ApplySet the Plugin objects belong to (kubectl apply --prune --applyset)', () => {
  it("is kubectl's id of a Secret parent in the mesh's namespace (KEP-3659: base64url(sha256(name.namespace.Kind.group)))", () => {
    // echo -n pipyc-egress.osm-system.Secret. | openssl dgst -sha256 -binary | base64 | tr '+/' '-_' | tr -d =
    expect(applySetOf('osm-system')).toEqual({
      parent: { name: 'pipyc-egress', namespace: 'osm-system' },
      id: 'applyset-lRcCnXxXk7v3GrNgEHEStkHpOOOHLN5kXiRjJb20CBE-v1',
    });
    expect(applySetOf('osm-system').id.length).toBeLessThanOrEqual(63);
  });

  it('labels every object, and the header says the command that prunes', () => {
    const out = compileOsmEdgePlugin(loadObjects([{ name: DEMO, text: readFileSync(DEMO, 'utf8') }]));
    const id = applySetOf('osm-system').id;
    expect(out.objects.length).toBeGreaterThan(1);
    for (const object of out.objects) {
      expect((object.metadata as { labels: Record<string, string> }).labels).toEqual({
        'app.kubernetes.io/managed-by': 'pipyc',
        'applyset.kubernetes.io/part-of': id,
      });
    }
    expect(out.yaml).toContain(
      '#   KUBECTL_APPLYSET=true kubectl apply --server-side --prune --applyset=pipyc-egress -n osm-system -f <this file>',
    );
  });
});
