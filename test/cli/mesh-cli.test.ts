import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

import { pipyc } from '../support/cli.js';
const DEMO = new URL('../../examples/mesh/egress-demo.yaml', import.meta.url).pathname;

describe('pipyc resolve / compile -f: osm-edge objects in', () => {
  it('resolve prints the spec as YAML, each policy annotated with its objects; the YAML compiles to the same spec', async () => {
    const r = await pipyc(['resolve', '-f', DEMO, '--identity', 'curl/curl', '--mesh-cidr', '10.96.0.0/12']);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('# from Egress curl/httpbin-80 + HTTPRouteGroup curl/httpbin-status');
    expect(parse(r.out)).toMatchObject({
      Spec: { Traffic: { EnableEgress: false, MeshCIDRs: ['10.96.0.0/12'] } },
      EgressPolicies: [{ Name: 'curl.httpbin-443' }, { Name: 'curl.httpbin-80' }, { Name: 'curl.postgres' }],
    });
    const dir = mkdtempSync(join(tmpdir(), 'pipyc-resolve-'));
    writeFileSync(join(dir, 'spec.yaml'), r.out);
    const fromSpec = await pipyc(['compile', join(dir, 'spec.yaml'), '-o', join(dir, 'a'), '--json']);
    const fromObjects = await pipyc([
      'compile',
      '-f',
      DEMO,
      '--identity',
      'curl/curl',
      '--mesh-cidr',
      '10.96.0.0/12',
      '-o',
      join(dir, 'b'),
      '--json',
    ]);
    expect(JSON.parse(fromObjects.out).manifest.specSha256).toBe(JSON.parse(fromSpec.out).manifest.specSha256);
    expect(readFileSync(join(dir, 'b', 'main.js'), 'utf8')).toBe(readFileSync(join(dir, 'a', 'main.js'), 'utf8'));
  });

  it('reads objects from stdin and from directories, as kubectl pipes them', async () => {
    const text = readFileSync(DEMO, 'utf8');
    const fromStdin = await pipyc(['resolve', '-f', '-', '--identity', 'curl/curl', '--json'], text);
    expect(fromStdin.code, fromStdin.err).toBe(0);
    const dir = mkdtempSync(join(tmpdir(), 'pipyc-objs-'));
    const docs = text.split(/^---$/m);
    docs.forEach((d, i) => writeFileSync(join(dir, `${i}.yaml`), d));
    const fromDir = await pipyc(['resolve', '-f', dir, '--identity', 'curl/curl', '--json']);
    expect(JSON.parse(fromDir.out).spec).toEqual(JSON.parse(fromStdin.out).spec);
    expect(JSON.parse(fromStdin.out).sources).toHaveLength(5);
  });

  it('compile --all-identities writes <dir>/<ns>/<sa>/ for every identity, with a manifest naming its objects', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'pipyc-all-')), 'out');
    const r = await pipyc(['compile', '-f', DEMO, '--all-identities', '-o', out]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/compiled 1 identity \(1 distinct spec\)/);
    expect(readdirSync(join(out, 'curl', 'curl')).sort()).toEqual([
      'egress-tables.txt',
      'generation.txt',
      'main.js',
      'manifest.json',
    ]);
    const manifest = JSON.parse(readFileSync(join(out, 'curl', 'curl', 'manifest.json'), 'utf8'));
    expect(manifest.source.identity).toBe('curl/curl');
    expect(manifest.source.objects).toContainEqual({
      kind: 'HTTPRouteGroup',
      namespace: 'curl',
      name: 'httpbin-status',
    });
    // A second run replaces the tree as a whole (its top manifest marks it as pipyc's).
    expect((await pipyc(['compile', '-f', DEMO, '--all-identities', '-o', out])).code).toBe(0);
  });

  it('says what it skipped', async () => {
    const text =
      readFileSync(DEMO, 'utf8') + '---\napiVersion: v1\nkind: Service\nmetadata: {name: s, namespace: curl}\n';
    const r = await pipyc(['resolve', '-f', '-', '--identity', 'curl/curl'], text);
    expect(r.err).toContain('pipyc: skipped 1 object of other kinds (Service 1)');
  });

  it('rejects options that do not go together as usage errors (exit 2)', async () => {
    const cases: [string[], RegExp][] = [
      [['compile', DEMO, '-f', DEMO, '--identity', 'curl/curl', '-o', 'x'], /either a spec or -f/],
      [['compile', '-f', DEMO, '-o', 'x'], /-f needs --identity/],
      [
        ['compile', '-f', DEMO, '--identity', 'curl/curl', '--all-identities', '-o', 'x'],
        /--identity or --all-identities, not both/,
      ],
      [['compile', DEMO, '--identity', 'curl/curl', '-o', 'x'], /go with -f/],
      [['compile', '-o', 'x'], /give a spec file, or -f/],
      [['resolve', '--identity', 'curl/curl'], /give a spec file, or -f|go with -f/],
      [['publish', 'x', '--repo', 'http://127.0.0.1:6060'], /--codebase/],
      [['publish', 'x', '--repo', 'http://127.0.0.1:6060', '--all-identities'], /--prefix/],
      [
        ['publish', 'x', '--repo', 'http://127.0.0.1:6060', '--codebase', '/a', '--all-identities', '--prefix', '/p'],
        /not both/,
      ],
    ];
    for (const [args, message] of cases) {
      const r = await pipyc(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err).toMatch(message);
    }
    expect(existsSync('x')).toBe(false);
  });

  it('a bad identity is an error naming the form expected', async () => {
    const r = await pipyc(['resolve', '-f', DEMO, '--identity', 'curl']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/PIPYC7012: identity "curl" is not <namespace>\/<serviceaccount>/);
  });
});

describe('pipyc compile --format osm-edge-plugin: osm-edge objects in, Plugin objects out', () => {
  const PLUGIN_DEMO = new URL('../../golden/osm-edge-plugin/egress-demo/objects.yaml', import.meta.url).pathname;
  const GOLDEN = new URL('../../golden/osm-edge-plugin/egress-demo/expected/objects.yaml', import.meta.url).pathname;

  it('writes the Plugin and PluginChain objects to a file (the golden bytes), with a summary of each plugin', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'pipyc-plugin-')), 'plugin.yaml');
    const r = await pipyc(['compile', '-f', PLUGIN_DEMO, '--all-identities', '--format', 'osm-edge-plugin', '-o', out]);
    expect(r.code, r.err).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(readFileSync(GOLDEN, 'utf8'));
    expect(r.out).toMatch(/compiled 2 osm-edge Plugins -> .*plugin\.yaml/);
    expect(r.out).toMatch(/pipyc-egress\.curl +[\d.]+ KiB {2}1 identity/);
    // Again: the file is pipyc's, so it is replaced.
    expect(
      (await pipyc(['compile', '-f', PLUGIN_DEMO, '--all-identities', '--format', 'osm-edge-plugin', '-o', out])).code,
    ).toBe(0);
  });

  it("'-o -' writes the YAML to stdout for kubectl, the summary to stderr", async () => {
    const r = await pipyc(
      ['compile', '-f', '-', '--all-identities', '--format', 'osm-edge-plugin', '-o', '-'],
      readFileSync(PLUGIN_DEMO, 'utf8'),
    );
    expect(r.code, r.err).toBe(0);
    expect(r.out).toBe(
      readFileSync(GOLDEN, 'utf8').replaceAll('golden/osm-edge-plugin/egress-demo/objects.yaml', '<stdin>'),
    );
    expect(r.err).toMatch(/compiled 2 osm-edge Plugins -> stdout/);
  });

  it('refuses to replace a file it did not write (unless --force), and writes nothing when the objects are wrong', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pipyc-plugin-'));
    const mine = join(dir, 'notes.yaml');
    writeFileSync(mine, 'my notes\n');
    const r = await pipyc([
      'compile',
      '-f',
      PLUGIN_DEMO,
      '--all-identities',
      '--format',
      'osm-edge-plugin',
      '-o',
      mine,
    ]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/error PIPYC6002: .*notes\.yaml exists and was not written by pipyc/);
    expect(readFileSync(mine, 'utf8')).toBe('my notes\n');
    expect(
      (
        await pipyc([
          'compile',
          '-f',
          PLUGIN_DEMO,
          '--all-identities',
          '--format',
          'osm-edge-plugin',
          '-o',
          mine,
          '--force',
        ])
      ).code,
    ).toBe(0);
    const broken = readFileSync(PLUGIN_DEMO, 'utf8').replace('number: 80', 'number: 80000');
    const out = join(dir, 'broken.yaml');
    const bad = await pipyc(
      ['compile', '-f', '-', '--all-identities', '--format', 'osm-edge-plugin', '-o', out],
      broken,
    );
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/<stdin>:\d+:\d+: error PIPYC7003: Egress curl\/httpbin-80: spec\.ports\[0\]\.number/);
    expect(existsSync(out)).toBe(false);
  });

  it.each([
    [['--mesh-cidr', '10.0.0.0/8'], /--mesh-cidr is for standalone sidecars/],
    [['--json', '-o', '-'], /--json reports on stdout/],
  ])('usage errors exit 2: %s', async (extra, message) => {
    const r = await pipyc([
      'compile',
      '-f',
      PLUGIN_DEMO,
      '--all-identities',
      '--format',
      'osm-edge-plugin',
      ...(extra.includes('-o') ? [] : ['-o', 'x.yaml']),
      ...extra,
    ]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
  });

  it('usage errors exit 2: --egress-default without the plugin format, the plugin format without objects', async () => {
    expect(
      (await pipyc(['compile', '-f', PLUGIN_DEMO, '--all-identities', '--egress-default', 'allow', '-o', 'x'])).err,
    ).toMatch(/--egress-default goes with --format osm-edge-plugin/);
    const spec = new URL('../../examples/sidecar.yaml', import.meta.url).pathname;
    const r = await pipyc(['compile', spec, '--format', 'osm-edge-plugin', '-o', 'x.yaml']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--format osm-edge-plugin compiles a mesh's objects: give them with -f/);
  });

  it('resolve --format osm-edge-plugin prints the spec the plugin decides by: no MeshCIDRs, the egress default', async () => {
    const r = await pipyc([
      'resolve',
      '-f',
      PLUGIN_DEMO,
      '--identity',
      'curl/curl',
      '--format',
      'osm-edge-plugin',
      '--egress-default',
      'allow',
    ]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(
      /^# egress of ServiceAccount curl\/curl as code inside the mesh's own sidecar decides it \(--egress-default allow/,
    );
    // The egress default is for identities no Egress names: curl/curl is decided by its policies alone.
    expect(parse(r.out)).toMatchObject({ Spec: { SidecarLogLevel: 'info', Traffic: { EnableEgress: false } } });
    expect(parse(r.out).EgressPolicies.length).toBeGreaterThan(0);
    expect(parse(r.out).Spec.Traffic.MeshCIDRs).toBeUndefined();
    const unknown = await pipyc([
      ...['resolve', '-f', PLUGIN_DEMO, '--identity', 'other/app', '--allow-unknown-identity'],
      ...['--format', 'osm-edge-plugin', '--egress-default', 'allow'],
    ]);
    expect(unknown.code, unknown.err).toBe(0);
    expect(parse(unknown.out)).toMatchObject({ Spec: { Traffic: { EnableEgress: true } } });
    expect(parse(unknown.out).EgressPolicies).toBeUndefined();
  });

  it("explain in plugin mode: an unknown identity gets the egress default, in-mesh is not the plugin's, credit is no policy", async () => {
    const base = ['explain', '-f', PLUGIN_DEMO, '--format', 'osm-edge-plugin'];
    const unknown = await pipyc([
      ...base,
      '--identity',
      'other/app',
      '--allow-unknown-identity',
      '--dst',
      '203.0.113.5:80',
    ]);
    expect(unknown.out).toBe(
      'deny (reset) 203.0.113.5:80 proto=tcp\nreason: egress-disabled: no Egress names this identity: the egress default (`deny`)\n',
    );
    const allowed = await pipyc([
      ...[...base, '--identity', 'other/app', '--allow-unknown-identity', '--egress-default', 'allow'],
      ...['--dst', '203.0.113.5:80', '--host', 'x.example'],
    ]);
    expect(allowed.out).toBe(
      'allow (forward) 203.0.113.5:80 proto=http\nreason: egress-passthrough: no Egress names this identity: the egress default (`allow`)\n',
    );
    // curl/curl has policies: the default does not open its egress, nor credit its policies for an unlisted host.
    const named = await pipyc([
      ...base,
      '--identity',
      'curl/curl',
      '--egress-default',
      'allow',
      '--dst',
      '203.0.113.5:80',
      '--host',
      'x.example',
    ]);
    expect(named.out).toMatch(/^deny \(http-403\) 203\.0\.113\.5:80 proto=http\nreason: host-not-allowed/);
    const inMesh = await pipyc([
      ...base,
      '--identity',
      'curl/curl',
      '--mesh-cidr',
      '10.96.0.0/12',
      '--dst',
      '10.96.0.5:80',
      '--json',
    ]);
    expect(JSON.parse(inMesh.out)).toMatchObject({
      verdict: 'allow',
      reason: 'mesh',
      meaning: 'in-mesh: decided by osm-edge, not the plugin',
    });
    // --log-level off quiets pipyc's lines (refusals, would-deny) without touching the MeshConfig's level.
    const quiet = await pipyc([
      'compile',
      '-f',
      PLUGIN_DEMO,
      '--all-identities',
      '--format',
      'osm-edge-plugin',
      '--log-level',
      'off',
      '-o',
      '-',
    ]);
    expect(quiet.code, quiet.err).toBe(0);
    expect(quiet.out).toMatch(/kind: Plugin/);
    expect(quiet.out).not.toMatch(/console\./);
    const resolvedQuiet = await pipyc([
      'resolve',
      '-f',
      PLUGIN_DEMO,
      '--identity',
      'curl/curl',
      '--format',
      'osm-edge-plugin',
      '--log-level',
      'off',
    ]);
    expect(parse(resolvedQuiet.out)).toMatchObject({ Spec: { SidecarLogLevel: 'off' } });
    expect((await pipyc(['compile', 'examples/sidecar.yaml', '--log-level', 'off', '-o', '-'])).code).toBe(2);
    // compile still refuses --mesh-cidr for the plugin: its code never sees in-mesh traffic.
    const compiled = await pipyc([
      'compile',
      '-f',
      PLUGIN_DEMO,
      '--all-identities',
      '--format',
      'osm-edge-plugin',
      '--mesh-cidr',
      '10.96.0.0/12',
      '-o',
      '-',
    ]);
    expect(compiled.code).toBe(2);
  });
});

describe('pipyc and audit mode: --audit, --egress-default audit, the annotations', () => {
  const ANNOTATED = `${readFileSync(DEMO, 'utf8')}
---
apiVersion: v1
kind: Namespace
metadata: { name: curl, annotations: { pipyc.io/egress-mode: audit } }
`;

  it("resolve says each identity's mode and where it came from, in YAML and JSON", async () => {
    const yaml = await pipyc(
      ['resolve', '-f', '-', '--identity', 'curl/curl', '--format', 'osm-edge-plugin'],
      ANNOTATED,
    );
    expect(yaml.code, yaml.err).toBe(0);
    expect(yaml.out).toContain('# egress mode: audit (annotation pipyc.io/egress-mode on Namespace curl)');
    expect(parse(yaml.out).Spec.Traffic).toEqual({ EnableEgress: false, EgressPolicyMode: 'audit' });
    const json = await pipyc([
      'resolve',
      '-f',
      DEMO,
      '--identity',
      'curl/curl',
      '--format',
      'osm-edge-plugin',
      '--audit',
      'curl',
      '--json',
    ]);
    expect(JSON.parse(json.out).egressMode).toEqual({ mode: 'audit', from: '--audit curl' });
  });

  it('explain answers an audited refusal as allow (audit: would deny, <reason>)', async () => {
    const r = await pipyc(
      [
        'explain',
        '-f',
        '-',
        '--identity',
        'curl/curl',
        '--format',
        'osm-edge-plugin',
        '--dst',
        '203.0.113.9:80',
        '--host',
        'evil.example',
      ],
      ANNOTATED,
    );
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/^allow \(audit: would deny, host-not-allowed\) 203\.0\.113\.9:80 proto=http\n/);
  });

  it('--egress-default audit is an egress default of its own, written in the header', async () => {
    const r = await pipyc([
      'compile',
      '-f',
      DEMO,
      '--all-identities',
      '--format',
      'osm-edge-plugin',
      '--egress-default',
      'audit',
      '-o',
      '-',
    ]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('egress no policy allows is passed and logged as would-deny');
    expect(r.out).toContain('pipyc.io/egress-default: audit');
    expect(r.out).toMatch(/tableSets = \[\['deny-all', true, \[\]\]\]/);
  });

  it.each([
    [['--identity', 'curl/curl', '--identity', 'curl/other'], /--identity is given twice \(curl\/curl, curl\/other\)/],
    [
      ['--identity', 'curl/curl', '--audit', 'Curl'],
      /--audit "Curl": give a namespace, <namespace>\/<serviceaccount>, or '\*'/,
    ],
    [['--identity', 'curl/curl', '--egress-default', 'maybe'], /argument 'maybe' is invalid/],
  ])('refuses %j as a usage error (exit 2)', async (args, message) => {
    const r = await pipyc(['resolve', '-f', DEMO, '--format', 'osm-edge-plugin', ...args]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
  });

  it('a bad annotation is a located error (exit 1), nothing written', async () => {
    const r = await pipyc(
      ['compile', '-f', '-', '--all-identities', '--format', 'osm-edge-plugin', '-o', '-'],
      ANNOTATED.replace('egress-mode: audit', 'egress-mode: yes'),
    );
    expect(r.code).toBe(1);
    expect(r.err).toMatch(
      /<stdin>:\d+:\d+: error PIPYC7019: Namespace curl: annotation pipyc\.io\/egress-mode is "yes"/,
    );
    expect(r.out).toBe('');
  });
});
