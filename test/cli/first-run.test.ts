// What a first-time operator and controller author tripped over (issue 20): each case failed before its fix.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { announceSkip, realPipyMissing } from '../support/environment.js';
import { hasStackTrace, pipyc } from '../support/cli.js';

const root = new URL('../../', import.meta.url).pathname;
const EXAMPLE = join(root, 'examples/sidecar.yaml');
const PROBES = join(root, 'examples/probes.yaml');
const DEMO = join(root, 'examples/mesh/egress-demo.yaml');
const README = readFileSync(join(root, 'README.md'), 'utf8');
const scratch = () => mkdtempSync(join(tmpdir(), 'pipyc-first-run-'));
const missingPipy = realPipyMissing();
announceSkip('verify of an identity tree (first-run)', missingPipy);

describe('bugs', () => {
  it.skipIf(missingPipy)(
    '1. verify of a tree written by compile --all-identities verifies every identity, one line each',
    async () => {
      const tree = join(scratch(), 'tree');
      expect(
        (await pipyc(['compile', '-f', DEMO, '--all-identities', '--mesh-cidr', '10.96.0.0/12', '-o', tree])).code,
      ).toBe(0);
      const r = await pipyc(['verify', tree, '--timeout', '8000']);
      expect(r.err).toBe('');
      expect(r.out).toMatch(/^verified curl\/curl: .*tree\/curl\/curl listened on port 15001 in \d+ ms\n$/);
      expect(r.code).toBe(0);
    },
  );

  it('2. resolving objects for a standalone sidecar without --mesh-cidr warns, at the MeshConfig, what that means', async () => {
    const r = await pipyc(['resolve', '-f', DEMO, '--identity', 'curl/curl']);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(
      /egress-demo\.yaml:\d+:\d+: warning PIPYC7017: no mesh CIDR is known: .*refuses them unless an Egress allows them/,
    );
    expect(r.err).toMatch(/hint: .*--mesh-cidr/);
    const given = await pipyc(['resolve', '-f', DEMO, '--identity', 'curl/curl', '--mesh-cidr', '10.96.0.0/12']);
    expect(given.err).not.toMatch(/PIPYC7017/);
    expect(
      (await pipyc(['resolve', '-f', DEMO, '--identity', 'curl/curl', '--format', 'osm-edge-plugin'])).err,
    ).not.toMatch(/PIPYC7017/);
  });

  it('3. a codebase path without its leading / and a repo without http:// are usage errors (exit 2), before any network', async () => {
    const codebase = join(scratch(), 'cb');
    expect((await pipyc(['compile', EXAMPLE, '-o', codebase])).code).toBe(0);
    const path = await pipyc(['publish', codebase, '--repo', 'http://127.0.0.1:1', '--codebase', 'pipyc/c']);
    expect(path).toMatchObject({ code: 2, out: '' });
    expect(path.err).toMatch(/^pipyc: --codebase "pipyc\/c" is not a codebase path .*run pipyc --help/);
    const repo = await pipyc(['publish', codebase, '--repo', '127.0.0.1:16060', '--codebase', '/pipyc/c']);
    expect(repo).toMatchObject({ code: 2 });
    expect(repo.err).toMatch(/--repo must be an http:\/\/ or https:\/\/ URL, not "127\.0\.0\.1:16060"/);
    expect(repo.err).not.toMatch(/PIPYC6004/);
  });
});

describe('friction', () => {
  it('4. the README says how to run the command after npm ci (npx pipyc, or npm link)', async () => {
    const quickStart = README.slice(README.indexOf('## Quick start'), README.indexOf('## The spec'));
    expect(quickStart).toMatch(/npx pipyc/);
    expect(quickStart).toMatch(/npm link/);
  });

  it('5. the example is the README sample, with policies, and its probes file gets the verdicts it expects', async () => {
    const example = readFileSync(EXAMPLE, 'utf8');
    expect(README).toContain('```yaml\n' + example + '```');
    expect(example).toMatch(/EgressPolicies:/);
    const r = await pipyc(['explain', EXAMPLE, '--probes', PROBES]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^allow /m);
    expect(r.out).toMatch(/^deny /m);
  });

  it('6. a mistyped option is named as unknown, with a did-you-mean, not as a missing required one', async () => {
    const r = await pipyc(['compile', EXAMPLE, '--output', join(scratch(), 'x')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/unknown option '--output'/);
    expect(r.err).toMatch(/Did you mean --out\?/);
    expect(r.err).not.toMatch(/required option/);
    expect((await pipyc(['compile', EXAMPLE])).err).toMatch(/compile needs -o, --out <dir>/);
    expect((await pipyc(['publish', 'out', '--rpeo', 'x'])).err).toMatch(
      /unknown option '--rpeo'[\s\S]*Did you mean --repo\?/,
    );
  });

  it('7. an identity no object names is an error with a did-you-mean, unless --allow-unknown-identity', async () => {
    const out = join(scratch(), 'x');
    const r = await pipyc([
      'compile',
      '-f',
      DEMO,
      '--identity',
      'curl/curll',
      '--mesh-cidr',
      '10.96.0.0/12',
      '-o',
      out,
    ]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/error PIPYC7013: no Egress names curl\/curll as a source/);
    expect(r.err).toMatch(/did you mean curl\/curl\?/);
    expect(r.err).toMatch(/nothing written/);
    const allowed = await pipyc([
      'compile',
      '-f',
      DEMO,
      '--identity',
      'curl/curll',
      '--allow-unknown-identity',
      '--mesh-cidr',
      '10.96.0.0/12',
      '-o',
      out,
    ]);
    expect(allowed.code).toBe(0);
    expect(allowed.err).toMatch(/warning PIPYC7013/);
    expect((await pipyc(['resolve', '-f', DEMO, '--identity', 'curl/curll'])).code).toBe(1);
  });

  it('8. explain takes mesh objects (-f --identity), and says a directory is not a spec file', async () => {
    const r = await pipyc([
      'explain',
      '-f',
      DEMO,
      '--identity',
      'curl/curl',
      '--mesh-cidr',
      '10.96.0.0/12',
      '--dst',
      '203.0.113.9:443',
      '--sni',
      'httpbin.org',
    ]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^allow \(forward\) 203\.0\.113\.9:443 proto=tls policy=curl\.httpbin-443/);
    const dir = await pipyc(['explain', root, '--dst', '203.0.113.9:80']);
    expect(dir.code).toBe(1);
    expect(dir.err).toMatch(/cannot read .*: it is a directory, not a file/);
    expect(dir.err).not.toMatch(/EISDIR/);
    expect(hasStackTrace(dir.err)).toBe(false);
  });

  it("9. validate skips pipyc's own output folders and tells a Kubernetes object file what to do instead", async () => {
    const dir = scratch();
    writeFileSync(join(dir, 'spec.yaml'), readFileSync(EXAMPLE));
    expect((await pipyc(['compile', join(dir, 'spec.yaml'), '-o', join(dir, 'out')])).code).toBe(0);
    const r = await pipyc(['validate', dir]);
    expect(r).toMatchObject({ code: 0, out: `${join(dir, 'spec.yaml')}: valid\n` });
    writeFileSync(
      join(dir, 'egress.yaml'),
      'apiVersion: policy.openservicemesh.io/v1alpha1\nkind: Egress\nmetadata: { name: a }\n',
    );
    const k8s = await pipyc(['validate', join(dir, 'egress.yaml')]);
    expect(k8s.code).toBe(1);
    expect(k8s.err).toMatch(/hint: Kubernetes objects are not a sidecar spec: give them with -f/);
    expect((await pipyc(['validate', DEMO])).err).toMatch(
      /PIPYC1005[\s\S]*hint: Kubernetes objects are not a sidecar spec/,
    );
  });

  it('10. an output path that cannot be written is named in the error, not the input', async () => {
    const dir = scratch();
    const file = join(dir, 'afile.txt');
    writeFileSync(file, 'x');
    const r = await pipyc(['compile', EXAMPLE, '-o', file]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(new RegExp(`^${file.replace(/[.]/g, '\\.')}: error PIPYC6001: `));
    expect(r.err).not.toMatch(/sidecar\.yaml: error/);
  });

  it('11. verify names a folder without a codebase in words, and a binary that is not Pipy as such', async () => {
    const empty = join(scratch(), 'emptydir');
    mkdirSync(empty);
    const r = await pipyc(['verify', empty]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/emptydir: error PIPYC6005: .*emptydir is not a codebase: it has no manifest\.json/);
    expect(r.err).not.toMatch(/ENOENT|main\.js/);
    const codebase = join(scratch(), 'cb');
    expect((await pipyc(['compile', EXAMPLE, '-o', codebase])).code).toBe(0);
    const notPipy = await pipyc(['verify', codebase, '--pipy', '/usr/bin/true']);
    expect(notPipy.code).toBe(1);
    expect(notPipy.err).toMatch(/\/usr\/bin\/true is not a Pipy binary/);
  });

  it('12. a spec without Spec gets the hint Spec: {}, and its other problems in the same run', async () => {
    const r = await pipyc(
      ['validate', '-'],
      'EgressPolicies:\n  - Name: a\n    IPAddresses: [10.0.0.1/8]\n    Ports: [{ Number: 80, Protocol: tcp }]\n',
    );
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/PIPYC2003: missing required field "Spec"[\s\S]*hint: start the file with "Spec: \{\}"/);
    expect(r.err).toMatch(/PIPYC3001: "10\.0\.0\.1\/8" is not a valid CIDR/);
    expect(r.err).toMatch(/2 errors/);
  });

  it('13. a probe-file typo gets a did-you-mean', async () => {
    const probes = join(scratch(), 'probes.yaml');
    writeFileSync(probes, '- { dst: 203.0.113.20:5432, expcet: allow }\n');
    const r = await pipyc(['explain', EXAMPLE, '--probes', probes]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/unknown field "expcet"[\s\S]*hint: did you mean "expect"\?/);
  });

  it("14. the docs' repo start line carries the manifest's log level", async () => {
    const docs = [
      README,
      readFileSync(join(root, 'docs/mesh-objects.md'), 'utf8'),
      readFileSync(join(root, 'docs/semantics.md'), 'utf8'),
    ].join('\n');
    const starts = docs.match(/`pipy [^`]*http:\/\/[^`]*`/g) ?? [];
    expect(starts.length).toBeGreaterThan(0);
    for (const start of starts) expect(start).toMatch(/^`pipy --log-level=\S+ http:\/\//);
  });
});
