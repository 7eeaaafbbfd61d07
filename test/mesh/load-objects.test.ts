import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readObjectFiles } from '../../src/io/read-object-files.js';
import { loadObjects } from '../../src/mesh/load-objects.js';

const egress = (name: string, ns = 'curl') => ({
  apiVersion: 'policy.openservicemesh.io/v1alpha1',
  kind: 'Egress',
  metadata: { name, namespace: ns, resourceVersion: '7' },
  spec: {
    sources: [{ kind: 'ServiceAccount', name: 'curl', namespace: 'curl' }],
    hosts: ['a.example'],
    ports: [{ number: 80, protocol: 'http' }],
  },
});

describe('loadObjects', () => {
  it('reads multi-document YAML, JSON and kind: List, and counts the kinds it skips', () => {
    const yaml = `${JSON.stringify(egress('one'))}\n---\n# empty document next\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: curl}\n`;
    const list = JSON.stringify({
      apiVersion: 'v1',
      kind: 'List',
      items: [egress('two'), { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', namespace: 'x' } }],
    });
    const r = loadObjects([
      { name: 'a.yaml', text: yaml },
      { name: 'b.json', text: list },
    ]);
    expect(r.diagnostics).toEqual([]);
    expect(r.objects.map((o) => o.ref)).toEqual([
      { kind: 'Egress', namespace: 'curl', name: 'one', resourceVersion: '7' },
      { kind: 'Egress', namespace: 'curl', name: 'two', resourceVersion: '7' },
    ]);
    expect(r.skipped).toEqual({ ConfigMap: 1, Deployment: 1 });
  });

  it('locates fields of list items in their file', () => {
    const text =
      'apiVersion: v1\nkind: List\nitems:\n- apiVersion: policy.openservicemesh.io/v1alpha1\n  kind: Egress\n  metadata: {name: e, namespace: n}\n  spec:\n    ports: []\n';
    const [object] = loadObjects([{ name: 'list.yaml', text }]).objects;
    expect(object!.locate(['spec', 'ports'])).toEqual({ file: 'list.yaml', line: 8, column: 12 });
  });

  it('reads JSON (as kubectl -o json prints it) without the YAML parser, and still locates problems in it', () => {
    const bad = { ...egress('j'), apiVersion: 'policy.openservicemesh.io/v2' };
    const text = JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [egress('i'), bad] }, null, 4);
    const r = loadObjects([{ name: 'all.json', text }]);
    expect(r.objects.map((o) => o.ref.name)).toEqual(['i']);
    const lines = text.split('\n');
    const line = lines.findIndex((l) => l.includes('/v2'));
    expect(r.diagnostics).toMatchObject([
      {
        code: 'PIPYC7002',
        position: { file: 'all.json', line: line + 1, column: lines[line]!.indexOf('"policy') + 1 },
      },
    ]);
  });

  it('reports EgressGateway objects as unsupported, not silently', () => {
    const r = loadObjects([
      {
        name: 'g.yaml',
        text: 'apiVersion: policy.openservicemesh.io/v1alpha1\nkind: EgressGateway\nmetadata: {name: g, namespace: n}\n',
      },
    ]);
    expect(r.diagnostics).toMatchObject([
      { code: 'PIPYC7008', severity: 'warning', message: expect.stringContaining('EgressGateway n/g') },
    ]);
    expect(r.skipped).toEqual({ EgressGateway: 1 });
  });

  it('refuses an alias bomb and YAML tags that are not JSON data', () => {
    const bomb =
      'a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n';
    expect(loadObjects([{ name: 'bomb.yaml', text: bomb }]).diagnostics[0]).toMatchObject({ code: 'PIPYC1006' });
    expect(loadObjects([{ name: 't.yaml', text: 'kind: !!binary aGVsbG8=\n' }]).diagnostics[0]).toMatchObject({
      code: 'PIPYC1002',
    });
  });
});

describe('readObjectFiles', () => {
  it('walks directories recursively for *.yaml, *.yml and *.json in name order, skipping hidden and other files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pipyc-objects-'));
    mkdirSync(join(dir, 'b', 'c'), { recursive: true });
    mkdirSync(join(dir, '.git'));
    for (const f of ['b/c/z.yml', 'a.yaml', 'b/x.json', 'notes.txt', '.git/config.yaml', 'b/.hidden.yaml'])
      writeFileSync(join(dir, f), 'kind: X\n');
    const sources = await readObjectFiles([dir]);
    expect(sources.map((s) => s.name.slice(dir.length + 1))).toEqual(['a.yaml', 'b/c/z.yml', 'b/x.json']);
  });

  it('names a missing path', async () => {
    await expect(readObjectFiles(['/nonexistent/objects'])).rejects.toMatchObject({
      diagnostics: [{ code: 'PIPYC1001', message: expect.stringContaining('/nonexistent/objects') }],
    });
  });
});
