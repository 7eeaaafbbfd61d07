import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { announceSkip, netnsMissing } from '../support/environment.js';
import { compileToDir } from '../support/compile-to-dir.js';
import { Lab, type PipyProcess } from '../support/netns-lab.js';

const missing = netnsMissing();
announceSkip('HTTP/2 prior knowledge (h2c) through real Pipy', missing);

describe.skipIf(missing)('h2c requests are decided per request like HTTP/1', () => {
  let lab: Lab;
  let pipy: PipyProcess;
  beforeAll(async () => {
    lab = await Lab.open();
    const { dir, result } = compileToDir({
      Spec: { SidecarLogLevel: 'info' },
      EgressPolicies: [
        {
          Name: 'h2',
          Hosts: ['api.example.com'],
          Ports: [{ Number: 8080, Protocol: 'http' }],
          Matches: [{ Path: '/v1/' }],
        },
      ],
    });
    pipy = await lab.startPipy(dir, result.manifest.pipy.argv.slice(1, -1));
  });
  afterAll(async () => {
    await pipy?.stop();
    await lab?.close();
  });

  it('allows and refuses streams of one h2c session independently', async () => {
    const r = await lab.probe({
      kind: 'h2c',
      dst: '203.0.113.10:8080',
      requests: [
        { host: 'api.example.com', path: '/v1/a' },
        { host: 'api.example.com', path: '/v2/b' },
        { host: 'evil.example.com', path: '/v1/a' },
      ],
    });
    expect(
      r.responses?.map((x) => x.status),
      JSON.stringify(r),
    ).toEqual([200, 403, 403]);
    expect(r.responses?.[0]?.body).toMatch(
      /^h2 hello from 203\.0\.113\.10:8080 GET \/v1\/a authority=api\.example\.com/,
    );
    expect(r.responses?.[1]?.headers['x-pipyc-deny-reason']).toBe('request-not-matched');
    expect(pipy.log()).toMatch(/proto=http reason=http-policy policy=h2/);
  });
});
