import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { announceSkip, netnsMissing } from '../support/environment.js';
import { compileToDir } from '../support/compile-to-dir.js';
import { Lab, msUntil, sleep, type PipyProcess, type ProbeResult } from '../support/netns-lab.js';

const CLI = new URL('../../dist/cli.js', import.meta.url).pathname;
const REPO_PORT = 6060; // inside the pod namespace, on its own loopback
const CODEBASE = '/pipyc/e2e/sidecar';
/** Sidecars poll their repo URL every 5 s (Pipy's src/codebase.cpp); a reload must land within one poll and a margin. */
const RELOAD_BOUND_MS = 7_000;

const missing = netnsMissing();
announceSkip('sidecar reloading from a Pipy repo', missing);

const deny = { Spec: { SidecarLogLevel: 'warn', Traffic: { EnableEgress: false } } };
const allow = {
  ...deny,
  EgressPolicies: [{ Name: 'web', Hosts: ['a.example'], Ports: [{ Number: 80, Protocol: 'http' }] }],
};

const fresh = {
  kind: 'http',
  dst: '203.0.113.10:80',
  requests: [{ host: 'a.example', path: '/fresh' }],
  timeoutMs: 2000,
};
const allowed = (r: ProbeResult) => r.outcome === 'responses' && r.responses?.[0]?.status === 200;

describe.skipIf(missing)('a sidecar started from a Pipy repo URL runs what pipyc publishes, and reloads it', () => {
  let lab: Lab;
  let repo: ChildProcess;
  let sidecar: PipyProcess;

  const publish = (spec: unknown) =>
    lab.runInPod([
      process.execPath,
      CLI,
      'publish',
      compileToDir(spec).dir,
      '--repo',
      `http://127.0.0.1:${REPO_PORT}`,
      '--codebase',
      CODEBASE,
    ]);

  /** Probes with fresh connections until `until` holds; the milliseconds that took. */
  const timeUntil = (until: (r: ProbeResult) => boolean, limitMs: number) =>
    msUntil(() => lab.probe(fresh), until, limitMs);

  beforeAll(async () => {
    lab = await Lab.open();
    repo = await lab.startRepoInPod(REPO_PORT);
    expect(lab.listening(REPO_PORT)).toBe(true);
    const first = await publish(deny);
    expect(first.code).toBe(0);
    // The manifest's log level is the target's spelling of 'warn'.
    expect(first.out).toMatch(
      new RegExp(
        `^${CODEBASE}: version 1 \\(created; uploaded /main\\.js /generation\\.txt /manifest\\.json\\)\\nstart the sidecar: pipy --log-level=\\w+ http://127\\.0\\.0\\.1:${REPO_PORT}/repo${CODEBASE}/\\n$`,
      ),
    );
    sidecar = await lab.startPipyOn(`http://127.0.0.1:${REPO_PORT}/repo${CODEBASE}/`, ['--log-level=warn']);
  });
  afterAll(async () => {
    await sidecar?.stop();
    repo?.kill('SIGKILL');
    await lab?.close();
  });

  it('first denies, then allows the next connection within the reload bound once an allowing codebase is published', async () => {
    const before = await lab.probe(fresh);
    expect(['reset', 'closed']).toContain(before.outcome);
    const published = await publish(allow);
    expect(published.code, published.err).toBe(0);
    expect(published.out).toMatch(/version 2/);
    const millis = await timeUntil(allowed, 15_000);
    console.log(`[measured] publish -> first allowed connection: ${millis} ms (bound ${RELOAD_BOUND_MS} ms)`);
    expect(millis).toBeLessThan(RELOAD_BOUND_MS);
    expect(sidecar.running()).toBe(true);
  });

  it('a kept-alive connection opened before a reload whose main.js changed is sent to a new connection at its next request (503), where the new code decides', async () => {
    expect(allowed(await lab.probe(fresh))).toBe(true);
    const keptAlive = lab.probe({
      kind: 'http',
      dst: '203.0.113.10:80',
      timeoutMs: 14_000,
      requests: [
        { host: 'a.example', path: '/one' },
        { host: 'a.example', path: '/two', delayMs: 9_000 },
      ],
    });
    await sleep(300);
    expect((await publish(deny)).code).toBe(0);
    const millis = await timeUntil((r) => !allowed(r), 15_000);
    console.log(`[measured] publish -> first denied connection: ${millis} ms`);
    expect(millis).toBeLessThan(RELOAD_BOUND_MS);
    const kept = await keptAlive;
    console.log(
      `[measured] kept-alive connection across the reload: ${JSON.stringify({ outcome: kept.outcome, statuses: kept.responses?.map((r) => r.status), error: kept.error })}`,
    );
    expect(kept.responses?.map((r) => r.status)).toEqual([200, 503]);
  });
});
