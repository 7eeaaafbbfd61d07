import { describe, expect, it } from 'vitest';
import { compileValue, explain, type EgressPolicy } from '../../../src/index.js';
import { Simulator } from '../../../lab/simulator.js';

const policy = (i: number): EgressPolicy => ({
  Name: `api-${i}`,
  Hosts: [`api${i}.example.com`],
  Ports: [{ Number: 80, Protocol: 'http' }],
  Matches: [
    { Path: '/v1/', PathType: 'Prefix', Methods: ['GET'] },
    { Path: '/health', PathType: 'Exact' },
  ],
});

describe('http tables', () => {
  it('rules with the same Matches share one run of match rows, and each still decides as explain() does', () => {
    const spec = {
      Spec: { SidecarLogLevel: 'info', Traffic: { EnableEgress: false } },
      EgressPolicies: [policy(1), policy(2), policy(3), { ...policy(4), Matches: [{ Path: '/v2/' }] }],
    };
    const { files } = compileValue(spec);
    const tables = files.find((f) => f.path === 'egress-tables.txt')!.contents;
    const section = (name: string) =>
      tables
        .split(`[${name}]`)[1]!
        .split('\n[')[0]!
        .split('\n')
        .slice(1)
        .filter((l) => l !== '' && !l.startsWith('#'));
    expect(section('matches')).toEqual(['0 ^ /v1/ GET -', '1 = /health - -', '2 ^ /v2/ - -']);
    expect(section('rules')).toEqual(['0 0 0 1', '1 1 0 1', '2 2 0 1', '3 3 2 2']);
    expect(section('names')).toEqual(['0 api-1 api-2 api-3 api-4']);
    const sim = new Simulator(
      files.find((f) => f.path === 'main.js')!.contents,
      Object.fromEntries(files.map((f) => [f.path, f.contents])),
    );
    for (const [host, path, method] of [
      ['api2.example.com', '/v1/x', 'GET'],
      ['api3.example.com', '/health', 'POST'],
      ['api3.example.com', '/v2/', 'GET'],
      ['api4.example.com', '/v2/a', 'PUT'],
      ['api4.example.com', '/v1/', 'GET'],
    ]) {
      const probe = { dst: '203.0.113.5:80', protocol: 'http' as const, host: host!, path: path!, method: method! };
      const expected = explain(spec, probe);
      const seen = sim.run(probe);
      expect(seen.outcome, `${host} ${method} ${path}`).toBe(expected.outcome);
      if (expected.policy) expect(seen.logs.at(-1), `${host} ${method} ${path}`).toContain(`policy=${expected.policy}`);
    }
  });
});
