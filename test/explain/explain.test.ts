import { describe, expect, it } from 'vitest';
import { explain, PipycError, type Probe } from '../../src/index.js';

describe('explain() takes only probes the CLI would take', () => {
  const spec = { Spec: {}, EgressPolicies: [{ Name: 'web', Hosts: ['example.com'], Ports: [{ Number: 80, Protocol: 'http' }] }] };
  const problems = (probe: unknown) => {
    try {
      explain(spec, probe as Probe);
    } catch (e) {
      if (e instanceof PipycError) return { message: e.message, diagnostics: e.diagnostics.map((d) => [d.code, d.pointer]) };
      throw e;
    }
    return undefined;
  };

  it.each([['nonsense'], [''], ['1.2.3.4:99999'], ['1.2.3.4'], ['[::1]']])('rejects dst %j', (dst) => {
    expect(problems({ dst })).toMatchObject({ diagnostics: [['PIPYC1007', '/dst']], message: expect.stringContaining('dst must be ip:port') });
  });

  it('rejects an unknown protocol and non-string fields, all at once', () => {
    expect(problems({ dst: '203.0.113.1:80', protocol: 'udp', host: 5, headers: { a: 1 } })?.diagnostics).toEqual([
      ['PIPYC1007', '/protocol'],
      ['PIPYC1007', '/host'],
      ['PIPYC1007', '/headers'],
    ]);
  });

  it('infers http from a host and tls from an sni, as the CLI does', () => {
    expect(explain(spec, { dst: '203.0.113.1:80', host: 'example.com' })).toMatchObject({ verdict: 'allow', protocol: 'http', policy: 'web' });
    expect(explain(spec, { dst: '203.0.113.1:80', sni: 'example.com' })).toMatchObject({ verdict: 'deny', protocol: 'tls', reason: 'protocol-not-allowed' });
  });
});

describe('PipycError.message', () => {
  it('summarises every problem: the count and the first few, each with its pointer', () => {
    const bad = { Spec: { SidecarTimeout: -1, Trafic: {} }, EgressPolicies: [{ Name: 'a', Ports: [] }, { Name: 'b', Ports: [] }] };
    try {
      explain(bad, { dst: '203.0.113.1:80' });
      throw new Error('no error');
    } catch (e) {
      expect(e).toBeInstanceOf(PipycError);
      const error = e as PipycError;
      expect(error.diagnostics.length).toBeGreaterThan(3);
      expect(error.message).toMatch(new RegExp(`^${error.diagnostics.length} problems: PIPYC\\d{4}: .+ \\[/.+\\]; PIPYC`));
      expect(error.message).toContain(`and ${error.diagnostics.length - 3} more`);
    }
  });
});
