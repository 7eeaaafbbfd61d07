import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { announceSkip, netnsMissing } from '../support/environment.js';
import { compileToDir } from '../support/compile-to-dir.js';
import { Lab, type PipyProcess } from '../support/netns-lab.js';

const missing = netnsMissing();
announceSkip('WebSocket and gRPC through http policies in real Pipy', missing);

const PERMISSION_DENIED = 7;
const EXT = '203.0.113.10';

const spec = {
  Spec: { SidecarLogLevel: 'info' },
  EgressPolicies: [
    {
      Name: 'chat',
      Hosts: ['chat.example.com'],
      Ports: [{ Number: 80, Protocol: 'http' }],
      Matches: [{ Path: '/socket', PathType: 'Prefix' }],
    },
    {
      Name: 'echo-service',
      Hosts: ['api.example.com'],
      Ports: [{ Number: 50051, Protocol: 'http' }],
      Matches: [{ Path: '/pipyc.test.Echo/', PathType: 'Prefix', Methods: ['POST'] }],
    },
    {
      Name: 'admin-reset',
      Hosts: ['admin.example.com'],
      Ports: [{ Number: 50051, Protocol: 'http' }],
      Matches: [{ Path: '/pipyc.admin.Admin/Reset', PathType: 'Exact' }],
    },
  ],
};

describe.skipIf(missing)('upgraded connections and gRPC through http policies', () => {
  let lab: Lab;
  let pipy: PipyProcess;
  beforeAll(async () => {
    lab = await Lab.open();
    const { dir, result } = compileToDir(spec);
    pipy = await lab.startPipy(dir, result.manifest.pipy.argv.slice(1, -1));
  });
  afterAll(async () => {
    await pipy?.stop();
    await lab?.close();
  });

  describe('WebSocket', () => {
    it('an allowed upgrade reaches the upstream intact (101 and its headers) and then carries messages both ways', async () => {
      const r = await lab.probe({
        kind: 'websocket',
        dst: `${EXT}:80`,
        host: 'chat.example.com',
        path: '/socket/room',
        messages: ['one', 'two', 'three'],
      });
      expect(r, JSON.stringify(r)).toMatchObject({ outcome: 'echoed' });
      const seen = r as unknown as { echoed: string[]; upgrade: { status: number; headers: Record<string, string> } };
      expect(seen.echoed).toEqual([`ws ${EXT} echo:one`, `ws ${EXT} echo:two`, `ws ${EXT} echo:three`]);
      expect(seen.upgrade.status).toBe(101);
      expect(seen.upgrade.headers['x-ext-host']).toBe(EXT);
      expect(seen.upgrade.headers.connection?.toLowerCase()).toBe('upgrade');
    });

    it('the upgrade request is logged once, and nothing after it', async () => {
      const before = pipy.log().split('\n').length;
      const r = await lab.probe({
        kind: 'websocket',
        dst: `${EXT}:80`,
        host: 'chat.example.com',
        path: '/socket/once',
        messages: ['a', 'b', 'c', 'd'],
      });
      expect(r.outcome).toBe('echoed');
      await new Promise((resolve) => setTimeout(resolve, 200));
      const lines = pipy
        .log()
        .split('\n')
        .slice(before - 1)
        .filter((l) => l.includes('/socket/once'));
      expect(lines, lines.join('\n')).toHaveLength(1);
      expect(lines[0]).toMatch(
        /pipyc egress allow .* proto=http reason=http-policy policy=chat host="chat\.example\.com" method="GET" path="\/socket\/once"/,
      );
    });

    it('a denied upgrade gets a 403 with the reason, and nothing reaches the upstream', async () => {
      for (const [host, path, reason] of [
        ['evil.example.com', '/socket', 'host-not-allowed'],
        ['chat.example.com', '/admin', 'request-not-matched'],
      ]) {
        const r = (await lab.probe({
          kind: 'websocket',
          dst: `${EXT}:80`,
          host,
          path,
          messages: ['x'],
        })) as unknown as { outcome: string; status: number; headers: Record<string, string> };
        expect(r, JSON.stringify(r)).toMatchObject({ outcome: 'refused', status: 403 });
        expect(r.headers['x-pipyc-deny-reason']).toBe(reason);
        expect(r.headers['x-ext-host']).toBeUndefined();
      }
    });
  });

  describe('HTTP/1 Upgrade: h2c', () => {
    /** curl --http2 on an http:// URL asks to upgrade to h2c; what it printed (-v: the protocol lines and headers). */
    const curlUpgrade = (host: string, path: string) =>
      new Promise<string>((resolve) => {
        const child = lab.spawnInPod([
          'curl',
          '-sv',
          '--http2',
          '--max-time',
          '5',
          '-H',
          `Host: ${host}`,
          `http://${EXT}:80${path}`,
        ]);
        let out = '';
        child.stdout!.on('data', (d) => (out += d));
        child.stderr!.on('data', (d) => (out += d));
        child.once('exit', () => resolve(out));
      });

    it('the sidecar answers the upgrade itself and decides the upgraded request like any other', async () => {
      const allowed = await curlUpgrade('chat.example.com', '/socket/h2c');
      expect(allowed).toMatch(/< HTTP\/1\.1 101/);
      expect(allowed).toMatch(/< HTTP\/2 200/);
      expect(allowed).toContain(`hello from ${EXT}:80 GET /socket/h2c host=chat.example.com`);
      const denied = await curlUpgrade('chat.example.com', '/admin');
      expect(denied).toMatch(/< HTTP\/2 403/);
      expect(denied).toMatch(/< x-pipyc-deny-reason: request-not-matched/);
      expect(denied).not.toContain('hello from');
    });
  });

  describe('gRPC (h2c, prior knowledge)', () => {
    type Call = { code: number; details?: string; response?: string; responses?: string[] };
    const calls = async (authority: string | undefined, list: object[]) => {
      const r = await lab.probe({ kind: 'grpc', dst: `${EXT}:50051`, ...(authority && { authority }), calls: list });
      expect(r.outcome, JSON.stringify(r)).toBe('calls');
      return (r as unknown as { calls: Call[] }).calls;
    };

    it('a unary call is allowed by a Prefix path, with :authority with and without its port', async () => {
      for (const authority of ['api.example.com', 'api.example.com:50051']) {
        const [call] = await calls(authority, [{ path: '/pipyc.test.Echo/Echo', message: 'ping' }]);
        expect(call, authority).toEqual({ code: 0, response: `grpc echo authority=${authority}:ping` });
      }
    });

    it('an Exact path allows that method only', async () => {
      const [reset, echo] = await calls('admin.example.com', [
        { path: '/pipyc.admin.Admin/Reset' },
        { path: '/pipyc.test.Echo/Echo' },
      ]);
      expect(reset).toEqual({ code: 0, response: 'grpc reset done' });
      expect(echo).toMatchObject({ code: PERMISSION_DENIED, details: 'egress denied by sidecar: request-not-matched' });
    });

    it('a bidirectional stream runs through an allowed policy', async () => {
      const [chat] = await calls('api.example.com', [{ path: '/pipyc.test.Echo/Chat', stream: ['a', 'b', 'c'] }]);
      expect(chat).toMatchObject({ code: 0, responses: ['grpc chat:a', 'grpc chat:b', 'grpc chat:c'] });
    });

    it('a denied call gets PERMISSION_DENIED with the reason at once, a denied stream too, without ending its requests', async () => {
      const started = Date.now();
      const [unary, stream] = await calls('api.example.com', [
        { path: '/pipyc.admin.Admin/Reset' },
        { path: '/pipyc.admin.Admin/Chat', stream: ['never answered'] },
      ]);
      expect(unary).toMatchObject({
        code: PERMISSION_DENIED,
        details: 'egress denied by sidecar: request-not-matched',
      });
      expect(stream).toMatchObject({
        code: PERMISSION_DENIED,
        details: 'egress denied by sidecar: request-not-matched',
        responses: [],
      });
      expect(Date.now() - started).toBeLessThan(2000);
      const [other] = await calls('other.example.com', [{ path: '/pipyc.test.Echo/Echo' }]);
      expect(other).toMatchObject({ code: PERMISSION_DENIED, details: 'egress denied by sidecar: host-not-allowed' });
    });

    it('many calls multiplexed on one connection: only the denied one is refused', async () => {
      const list = Array.from({ length: 12 }, (_, i) =>
        i === 5
          ? { path: '/pipyc.admin.Admin/Reset' }
          : i % 4 === 3
            ? { path: '/pipyc.test.Echo/Chat', stream: [`s${i}`] }
            : { path: '/pipyc.test.Echo/Echo', message: `m${i}` },
      );
      const results = await calls('api.example.com', list);
      expect(results.map((c) => c.code)).toEqual(list.map((_, i) => (i === 5 ? PERMISSION_DENIED : 0)));
      expect(results[0]?.response).toBe('grpc echo authority=api.example.com:m0');
      expect(results[3]?.responses).toEqual(['grpc chat:s3']);
    });
  });
});
