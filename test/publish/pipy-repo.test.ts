import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileValue, writeCodebase } from '../../src/index.js';
import { announceSkip, TEST_TARGET, realPipyMissing } from '../support/environment.js';
import { freePort, startPipyRepo, type PipyRepoServer } from '../../lab/pipy-repo.js';

import { CLI, pipyc } from '../support/cli.js';
const DEMO = new URL('../../examples/mesh/egress-demo.yaml', import.meta.url).pathname;
const missing = realPipyMissing();
announceSkip('publishing to a real Pipy repo', missing);

/** For runs that need this process to keep serving (the proxy below): spawnSync would block it. */
function pipycAsync(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, NO_COLOR: '1' } });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, out, err })));
}

function codebase(spec: unknown): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'pipyc-pub-')), 'cb');
  writeCodebase(dir, compileValue(spec, { target: TEST_TARGET }).files);
  return dir;
}

const allow = {
  Spec: { Traffic: { EnableEgress: false } },
  EgressPolicies: [{ Name: 'web', Hosts: ['a.example'], Ports: [{ Number: 80, Protocol: 'http' }] }],
};
const passthrough = { Spec: { Traffic: { EnableEgress: true } } };

describe.skipIf(missing)('pipyc publish to a real Pipy repo (pipy --admin-port, store in memory)', () => {
  let repo: PipyRepoServer;
  const get = async (path: string) => {
    const r = await fetch(repo.url + path);
    return { status: r.status, etag: r.headers.get('etag'), text: await r.text() };
  };
  beforeAll(async () => {
    repo = await startPipyRepo();
  });
  afterAll(async () => {
    await repo?.stop();
  });

  it('creates the codebase, commits version 1, and the repo serves exactly the compiled files', async () => {
    const dir = codebase(allow);
    const r = await pipyc(['publish', dir, '--repo', repo.url, '--codebase', '/pipyc/team/web']);
    expect(r.code, r.err).toBe(0);
    // Then how to start a sidecar on it: the manifest's command line, the repo URL in place of main.js.
    expect(r.out).toBe(
      `/pipyc/team/web: version 1 (created; uploaded /main.js /egress-tables.txt /generation.txt /manifest.json)\nstart the sidecar: pipy --log-level=error ${repo.url}/repo/pipyc/team/web/\n`,
    );
    const listing = await get('/repo/pipyc/team/web/');
    expect(listing).toMatchObject({ status: 200, etag: '1' });
    expect(listing.text.trim().split('\n')).toEqual([
      '/main.js',
      '/egress-tables.txt',
      '/generation.txt',
      '/manifest.json',
    ]);
    const { files } = compileValue(allow, { target: TEST_TARGET });
    for (const f of files) expect((await get(`/repo/pipyc/team/web/${f.path}`)).text).toBe(f.contents);
  });

  it('publishing identical content creates no new version', async () => {
    const r = await pipyc(['publish', codebase(allow), '--repo', repo.url, '--codebase', '/pipyc/team/web', '--json']);
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out).results).toEqual([
      { codebase: '/pipyc/team/web', version: '1', changed: false, created: false, uploaded: [], removed: [] },
    ]);
    expect((await get('/repo/pipyc/team/web/')).etag).toBe('1');
  });

  it('a changed codebase becomes the next version: changed files uploaded, stale ones removed', async () => {
    const r = await pipyc([
      'publish',
      codebase(passthrough),
      '--repo',
      repo.url,
      '--codebase',
      '/pipyc/team/web',
      '--json',
    ]);
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out).results[0]).toMatchObject({
      version: '2',
      changed: true,
      uploaded: ['/main.js', '/generation.txt', '/manifest.json'],
      removed: ['/egress-tables.txt'],
    });
    const listing = await get('/repo/pipyc/team/web/');
    expect(listing.etag).toBe('2');
    expect(listing.text.trim().split('\n')).toEqual(['/main.js', '/generation.txt', '/manifest.json']);
    expect((await get('/repo/pipyc/team/web/egress-tables.txt')).status).toBe(404);
  });

  it('--all-identities publishes every identity of a tree under the prefix, and again changes nothing', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'pipyc-tree-')), 'out');
    expect((await pipyc(['compile', '-f', DEMO, '--all-identities', '-o', out])).code).toBe(0);
    const first = await pipyc(['publish', out, '--all-identities', '--repo', repo.url, '--prefix', '/mesh']);
    expect(first.code, first.err).toBe(0);
    expect(first.out).toMatch(/^\/mesh\/curl\/curl: version 1 \(created;/);
    expect((await get('/repo/mesh/curl/curl/')).status).toBe(200);
    expect((await pipyc(['publish', out, '--all-identities', '--repo', repo.url, '--prefix', '/mesh'])).out).toBe(
      `/mesh/curl/curl: unchanged (version 1)\nstart each sidecar: pipy --log-level=info ${repo.url}/repo/mesh/<namespace>/<name>/\n`,
    );
    const wrong = await pipyc(['publish', out, '--repo', repo.url, '--codebase', '/x']);
    expect(wrong.code).toBe(1);
    expect(wrong.err).toMatch(/PIPYC6005: .* one codebase per identity/);
  });

  it('a repo error mid-publish is reported with its HTTP status and body; what was staged is dropped, no version is made', async () => {
    // A proxy in front of the real repo that refuses the second file upload.
    let uploads = 0;
    const port = await freePort();
    const proxy: Server = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      if (req.method === 'POST' && req.url!.startsWith('/api/v1/repo-files/') && ++uploads === 2) {
        res.writeHead(507, { 'content-type': 'text/plain' }).end('store full');
        return;
      }
      const upstream = await fetch(repo.url + req.url, {
        method: req.method!,
        ...(chunks.length > 0 && { body: Buffer.concat(chunks) }),
      });
      res
        .writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'text/plain' })
        .end(Buffer.from(await upstream.arrayBuffer()));
    });
    await new Promise<void>((r) => proxy.listen(port, '127.0.0.1', () => r()));
    try {
      const before = await get('/repo/pipyc/team/web/');
      const r = await pipycAsync([
        'publish',
        codebase(allow),
        '--repo',
        `http://127.0.0.1:${port}`,
        '--codebase',
        '/pipyc/team/web',
      ]);
      expect(r.code).toBe(1);
      expect(r.err).toMatch(
        /PIPYC6004: the Pipy repo at http:\/\/127\.0\.0\.1:\d+ answered POST \/api\/v1\/repo-files\/pipyc\/team\/web\/\S+ with HTTP 507: "store full"/,
      );
      expect(r.err).not.toMatch(/\n\s+at /);
      const info = JSON.parse((await get('/api/v1/repo/pipyc/team/web')).text);
      expect(info).toMatchObject({ version: '2', editFiles: [], erasedFiles: [] });
      expect(await get('/repo/pipyc/team/web/')).toEqual(before);
      // A new codebase that fails half-way is removed again.
      uploads = 0;
      const fresh = await pipycAsync([
        'publish',
        codebase(allow),
        '--repo',
        `http://127.0.0.1:${port}`,
        '--codebase',
        '/pipyc/team/new',
      ]);
      expect(fresh.code).toBe(1);
      expect((await get('/api/v1/repo/pipyc/team/new')).status).toBe(404);
    } finally {
      proxy.close();
    }
  });

  it('refuses a codebase changed since it was compiled, a bad codebase path and an unreachable repo', async () => {
    const dir = codebase(allow);
    writeFileSync(join(dir, 'main.js'), '// edited\n');
    expect((await pipyc(['publish', dir, '--repo', repo.url, '--codebase', '/pipyc/x'])).err).toMatch(
      /PIPYC6005: .* main\.js differs from what manifest\.json records/,
    );
    expect((await pipyc(['publish', codebase(allow), '--repo', repo.url, '--codebase', 'no-slash'])).err).toMatch(
      /is not a codebase path/,
    );
    expect((await pipyc(['publish', codebase(allow), '--repo', repo.url, '--codebase', '/a/../b'])).err).toMatch(
      /is not a codebase path/,
    );
    const down = await pipyc([
      'publish',
      codebase(allow),
      '--repo',
      `http://127.0.0.1:${await freePort()}`,
      '--codebase',
      '/pipyc/x',
    ]);
    expect(down.code).toBe(1);
    expect(down.err).toMatch(
      /^pipyc: error PIPYC6004: cannot reach the Pipy repo at http:\/\/127\.0\.0\.1:\d+ .*ECONNREFUSED/,
    );
  });
});
