import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { announceSkip, netnsMissing } from '../support/environment.js';
import { compileToDir } from '../support/compile-to-dir.js';
import { Lab, msUntil, sleep, type PipyProcess, type ProbeResult } from '../support/netns-lab.js';

const CLI = new URL('../../dist/cli.js', import.meta.url).pathname;
const REPO_PORT = 6060;
const CODEBASE = '/pipyc/e2e/revocation';
/** A publish reaches the sidecar within one repo poll (5 s) and a margin (as in repo-reload.e2e). */
const RELOAD_BOUND_MS = 7_000;
/** The stated bound for a connection that stays idle after a revoking publish: the upstream idle timeout. */
const IDLE_TIMEOUT_S = 12;
const EXT = '203.0.113.10';

const missing = netnsMissing();
announceSkip('revocation reaches open connections after a reload', missing);

const base = { Spec: { SidecarLogLevel: 'warn', SidecarTimeout: IDLE_TIMEOUT_S, Traffic: { EnableEgress: false } } };
const policies = [
  {
    Name: 'web',
    Hosts: ['a.example'],
    Ports: [
      { Number: 80, Protocol: 'http' },
      { Number: 8080, Protocol: 'http' },
    ],
  },
  { Name: 'grpc', Hosts: ['api.example.com'], Ports: [{ Number: 50051, Protocol: 'http' }] },
  { Name: 'echo', IPAddresses: [`${EXT}/32`], Ports: [{ Number: 7000, Protocol: 'tcp' }] },
  { Name: 'secure', Hosts: ['secure.example.com'], Ports: [{ Number: 443, Protocol: 'https' }] },
];
const unrelated = { Name: 'other', Hosts: ['b.example'], Ports: [{ Number: 80, Protocol: 'http' }] };
const allowing = { ...base, EgressPolicies: policies };
const withUnrelated = { ...base, EgressPolicies: [...policies, unrelated] };
/** The same kinds of policy for other destinations: the same main.js, so open connections are decided by the new tables. */
const revoking = {
  ...base,
  EgressPolicies: [
    { ...policies[0], Hosts: ['b.example'] },
    { ...policies[1], Hosts: ['other.example.com'] },
    { ...policies[2], IPAddresses: ['198.51.100.10/32'] },
    { ...policies[3], Hosts: ['other.example.com'] },
  ],
};

/** One long-lived connection of each kind, opened under `allowing`. */
const SESSIONS: Record<string, Record<string, unknown>> = {
  'kept-alive HTTP/1': { type: 'http', dst: `${EXT}:80`, host: 'a.example' },
  h2c: { type: 'h2c', dst: `${EXT}:8080`, host: 'a.example' },
  'gRPC channel': { type: 'grpc', dst: `${EXT}:50051`, authority: 'api.example.com', path: '/pipyc.test.Echo/Echo' },
  WebSocket: { type: 'websocket', dst: `${EXT}:80`, host: 'a.example' },
  'TCP echo': { type: 'tcp', dst: `${EXT}:7000` },
  TLS: { type: 'tls', dst: `${EXT}:443`, sni: 'secure.example.com' },
};
const ok = (r: ProbeResult) => r.outcome === 'ok' && (typeof r.status !== 'number' || r.status === 200);
/** What each kind shows once its policy is revoked: a refused request, a refusing gRPC status, or a cut connection. */
const REFUSED: Record<string, (r: ProbeResult) => boolean> = {
  'kept-alive HTTP/1': (r) => r.outcome === 'ok' && r.status === 403,
  h2c: (r) => r.outcome === 'ok' && r.status === 403,
  'gRPC channel': (r) => r.outcome === 'status' && r.code === 7,
  WebSocket: (r) => r.outcome === 'closed' || r.outcome === 'reset',
  'TCP echo': (r) => r.outcome === 'closed' || r.outcome === 'reset',
  TLS: (r) => r.outcome === 'closed' || r.outcome === 'reset',
};

describe.skipIf(missing)(
  'a publish that revokes a policy reaches connections opened before it; one that does not, disturbs none',
  () => {
    let lab: Lab;
    let repo: ChildProcess;
    let sidecar: PipyProcess;
    let round = 0;

    async function publish(spec: unknown): Promise<void> {
      const published = await lab.runInPod([
        process.execPath,
        CLI,
        'publish',
        compileToDir(spec).dir,
        '--repo',
        `http://127.0.0.1:${REPO_PORT}`,
        '--codebase',
        CODEBASE,
      ]);
      expect(published.code, published.err).toBe(0);
    }

    /** Probes fresh connections until `until` holds; the milliseconds that took. */
    const reloaded = (probe: Record<string, unknown>, until: (r: ProbeResult) => boolean) =>
      msUntil(() => lab.probe(probe), until);

    async function openAll(): Promise<Record<string, string>> {
      round++;
      const ids: Record<string, string> = {};
      for (const [name, session] of Object.entries(SESSIONS)) {
        ids[name] = `${name}#${round}`;
        const opened = await lab.probe({ kind: 'open', session: ids[name], message: 'first', ...session });
        expect(ok(opened), `${name}: ${JSON.stringify(opened)}`).toBe(true);
      }
      return ids;
    }

    const send = (id: string) => lab.probe({ kind: 'send', session: id, message: 'again', timeoutMs: 3000 });

    beforeAll(async () => {
      lab = await Lab.open();
      repo = await lab.startRepoInPod(REPO_PORT);
      expect(lab.listening(REPO_PORT)).toBe(true);
      await publish(allowing);
      sidecar = await lab.startPipyOn(`http://127.0.0.1:${REPO_PORT}/repo${CODEBASE}/`, ['--log-level=warn']);
    });
    afterAll(async () => {
      await sidecar?.stop();
      repo?.kill('SIGKILL');
      await lab?.close();
    });

    it('adding an unrelated policy, then republishing the same policies, refuses nothing and cuts no connection', async () => {
      const ids = await openAll();
      await publish(withUnrelated);
      const millis = await reloaded(
        { kind: 'http', dst: `${EXT}:80`, requests: [{ host: 'b.example' }], timeoutMs: 2000 },
        (r) => r.responses?.[0]?.status === 200,
      );
      expect(millis).toBeLessThan(RELOAD_BOUND_MS);
      for (const [name, id] of Object.entries(ids)) {
        const r = await send(id);
        expect(ok(r), `${name}: ${JSON.stringify(r)}`).toBe(true);
      }
      // Pipy drains its HTTP servers of the old code: an HTTP/1 connection ends after its next response, which says so
      // (connection: close); an h2 one after its open streams (GOAWAY). Clients go on over a new connection, as gRPC's does.
      await publish(withUnrelated);
      await sleep(RELOAD_BOUND_MS);
      for (const [name, id] of Object.entries(ids)) {
        if (name === 'kept-alive HTTP/1' || name === 'h2c') continue;
        const r = await send(id);
        expect(ok(r), `${name}: ${JSON.stringify(r)}`).toBe(true);
      }
      for (const id of Object.values(ids)) await lab.probe({ kind: 'close', session: id });
    });

    it('a revoking publish refuses the next request, stream or call on a kept-alive connection and cuts a TCP, TLS or upgraded one at its next chunk', async () => {
      const ids = await openAll();
      await publish(revoking);
      const millis = await reloaded(
        { kind: 'http', dst: `${EXT}:80`, requests: [{ host: 'a.example' }], timeoutMs: 2000 },
        (r) => r.responses?.[0]?.status === 403,
      );
      console.log(
        `[measured] revoking publish -> first refused new connection: ${millis} ms (bound ${RELOAD_BOUND_MS} ms)`,
      );
      expect(millis).toBeLessThan(RELOAD_BOUND_MS);
      for (const [name, id] of Object.entries(ids)) {
        const r = await send(id);
        expect(REFUSED[name]!(r), `${name}: ${JSON.stringify(r)}`).toBe(true);
      }
      expect(sidecar.running()).toBe(true);
    });

    it('an idle connection is closed by the idle timeout at the latest after a revoking publish, and nothing passes before', async () => {
      await publish(allowing);
      expect(
        await reloaded(
          { kind: 'tcp', dst: `${EXT}:7000`, send: 'x', until: 'x', timeoutMs: 2000 },
          (r) => r.outcome === 'forward',
        ),
      ).toBeLessThan(RELOAD_BOUND_MS);
      const idle = `quiet#${round}`;
      expect(ok(await lab.probe({ kind: 'open', session: idle, message: 'first', ...SESSIONS['TCP echo'] }))).toBe(
        true,
      );
      const since = Date.now();
      await publish(revoking);
      const ended = await lab.probe({ kind: 'ended', session: idle, timeoutMs: (IDLE_TIMEOUT_S + 3) * 1000 });
      const millis = Date.now() - since;
      console.log(
        `[measured] idle connection after a revoking publish: ${ended.outcome} after ${millis} ms (bound: the ${IDLE_TIMEOUT_S} s idle timeout)`,
      );
      expect(REFUSED['TCP echo']!(ended), JSON.stringify(ended)).toBe(true);
      expect(millis).toBeLessThan((IDLE_TIMEOUT_S + 2) * 1000);
    });
  },
);
