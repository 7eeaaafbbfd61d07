import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { pipyc } from '../support/cli.js';

const DEMO = new URL('../../examples/mesh/egress-demo.yaml', import.meta.url).pathname;
const LOG = [
  '[pod/curl-1/sidecar] 2026-12-06 10:00:00.000 [ERR] pipyc egress would-deny dst=203.0.113.9:80 proto=http reason=request-not-matched identity=curl/curl host="httpbin.org" method="GET" path="/get"',
  '[pod/curl-1/sidecar] 2026-12-06 10:00:00.000 [ERR] pipyc egress would-deny dst=203.0.113.9:443 proto=tls reason=sni-not-allowed identity=curl/curl sni="api.github.com"',
  '[pod/curl-1/sidecar] 2026-12-06 10:00:00.000 [ERR] pipyc egress would-deny dst=203.0.113.9:443 proto=tls reason=sni-not-allowed identity=curl/curl sni="api.github.com"',
  '[pod/curl-1/sidecar] 2026-12-06 10:00:00.000 [ERR] pipyc egress would-deny dst=203.0.113.9:80 proto=http reason=x identity=curl/curl host="trunc',
  'unrelated',
].join('\n');

const egresses = (yaml: string) =>
  parseAllDocuments(yaml)
    .map((d) => d.toJS())
    .filter((o) => o?.kind === 'Egress');

describe('pipyc learn', () => {
  it('reads logs from stdin, prints Egress objects, and counts what it read on stderr', async () => {
    const r = await pipyc(['learn'], LOG);
    expect(r.code, r.err).toBe(0);
    expect(egresses(r.out).map((o) => o.metadata.name)).toEqual(['learned-curl-http-80', 'learned-curl-https-443']);
    expect(r.err).toContain('<stdin>:4: unreadable line: host= is not a complete quoted value');
    expect(r.err).toMatch(
      /pipyc: 5 lines read: 3 would-deny \(0 held-back counts\), 1 unreadable, 0 dropped; 2 distinct/,
    );
  });

  it("writes fsm's Egress API for fsm's objects, and what it writes compiles with them", async () => {
    const FSM = new URL('../../golden/mesh-objects/fsm-demo/objects.yaml', import.meta.url).pathname;
    const r = await pipyc(['learn', '-', '-f', FSM], LOG);
    expect(r.code, r.err).toBe(0);
    expect(egresses(r.out).map((o) => o.apiVersion)).toEqual([
      'policy.flomesh.io/v1alpha1',
      'policy.flomesh.io/v1alpha1',
    ]);
    const learned = join(mkdtempSync(join(tmpdir(), 'pipyc-learn-fsm-')), 'learned.yaml');
    writeFileSync(learned, r.out);
    const explained = await pipyc([
      ...['explain', '-f', FSM, '-f', learned, '--identity', 'curl/curl', '--mesh-cidr', '10.96.0.0/12'],
      ...['--dst', '203.0.113.9:443', '--sni', 'api.github.com'],
    ]);
    expect(explained.out).toMatch(
      /^allow \(forward\) 203\.0\.113\.9:443 proto=tls policy=curl\.learned-curl-https-443/,
    );
  });

  it('with -f, only what the objects do not allow yet; the result compiles with them', async () => {
    const r = await pipyc(['learn', '-', '-f', DEMO], LOG);
    expect(r.code, r.err).toBe(0);
    // httpbin.org on port 80 is allowed for some requests already, not for GET /get: learned.
    expect(egresses(r.out).map((o) => [o.metadata.name, o.spec.hosts])).toEqual([
      ['learned-curl-http-80', ['httpbin.org']],
      ['learned-curl-https-443', ['api.github.com']],
    ]);
    const dir = mkdtempSync(join(tmpdir(), 'pipyc-learn-'));
    writeFileSync(join(dir, 'learned.yaml'), r.out);
    const compiled = await pipyc([
      'compile',
      '-f',
      DEMO,
      '-f',
      join(dir, 'learned.yaml'),
      '--all-identities',
      '--format',
      'osm-edge-plugin',
      '-o',
      '-',
    ]);
    expect(compiled.code, compiled.err).toBe(0);
    const again = await pipyc(['learn', '-', '-f', DEMO, '-f', join(dir, 'learned.yaml')], LOG);
    expect(egresses(again.out)).toEqual([]);
    expect(again.err).toMatch(/2 distinct, 2 already allowed; 0 Egress objects/);
    const diff = await pipyc([
      'diff',
      '-f',
      DEMO,
      '--to',
      DEMO,
      '--to',
      join(dir, 'learned.yaml'),
      '--format',
      'osm-edge-plugin',
    ]);
    expect(diff.code).toBe(1);
    expect(diff.out).toContain(
      '+ policy curl.learned-curl-https-443: hosts api.github.com; addresses (any); ports 443/https',
    );
  });

  it('-o writes a file of its own, and refuses to replace one it did not write', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pipyc-learn-'));
    const out = join(dir, 'learned.yaml');
    expect((await pipyc(['learn', '-o', out], LOG)).code).toBe(0);
    expect(readFileSync(out, 'utf8')).toMatch(/^# Learned by pipyc/);
    expect((await pipyc(['learn', '-o', out], LOG)).code).toBe(0);
    writeFileSync(out, 'kind: Something\n');
    const refused = await pipyc(['learn', '-o', out], LOG);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/exists and was not written by pipyc/);
    expect(readFileSync(out, 'utf8')).toBe('kind: Something\n');
  });

  it('--json: the objects, the counts and every line it could not use', async () => {
    const r = await pipyc(['learn', '--json'], LOG);
    const json = JSON.parse(r.out);
    expect(json.counts).toMatchObject({ lines: 5, wouldDeny: 3, unreadable: 1, egresses: 2 });
    expect(json.unreadable).toEqual([{ at: '<stdin>:4', why: 'host= is not a complete quoted value' }]);
  });

  it('a log that is not there is a located error, exit 1', async () => {
    const r = await pipyc(['learn', '/nonexistent/sidecar.log']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/cannot read \/nonexistent\/sidecar\.log/);
  });
});
