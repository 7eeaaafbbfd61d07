import { describe, expect, it } from 'vitest';
import { explain, PipycError, type Probe } from '../../src/index.js';

describe('explain() takes only probes the CLI would take', () => {
  const spec = {
    Spec: {},
    EgressPolicies: [{ Name: 'web', Hosts: ['example.com'], Ports: [{ Number: 80, Protocol: 'http' }] }],
  };
  const problems = (probe: unknown) => {
    try {
      explain(spec, probe as Probe);
    } catch (e) {
      if (e instanceof PipycError)
        return { message: e.message, diagnostics: e.diagnostics.map((d) => [d.code, d.pointer]) };
      throw e;
    }
    return undefined;
  };

  it.each([['nonsense'], [''], ['1.2.3.4:99999'], ['1.2.3.4'], ['[::1]']])('rejects dst %j', (dst) => {
    expect(problems({ dst })).toMatchObject({
      diagnostics: [['PIPYC1007', '/dst']],
      message: expect.stringContaining('dst must be ip:port'),
    });
  });

  it('rejects an unknown protocol and non-string fields, all at once', () => {
    expect(problems({ dst: '203.0.113.1:80', protocol: 'udp', host: 5, headers: { a: 1 } })?.diagnostics).toEqual([
      ['PIPYC1007', '/protocol'],
      ['PIPYC1007', '/host'],
      ['PIPYC1007', '/headers'],
    ]);
  });

  it('rejects learned DNS state that is not names to lists of addresses', () => {
    expect(
      problems({ dst: '203.0.113.1:80', resolved: ['a'], expired: { 'a.example': ['nope'] } })?.diagnostics,
    ).toEqual([
      ['PIPYC1007', '/resolved'],
      ['PIPYC1007', '/expired/a.example'],
    ]);
  });

  it('infers http from a host and tls from an sni, as the CLI does', () => {
    expect(explain(spec, { dst: '203.0.113.1:80', host: 'example.com' })).toMatchObject({
      verdict: 'allow',
      protocol: 'http',
      policy: 'web',
    });
    expect(explain(spec, { dst: '203.0.113.1:80', sni: 'example.com' })).toMatchObject({
      verdict: 'deny',
      protocol: 'tls',
      reason: 'protocol-not-allowed',
    });
  });
});

describe("explain(): the sidecar's own ports on the pod itself", () => {
  const mesh = { Spec: { Metrics: { Port: 15010 }, Traffic: { MeshCIDRs: ['192.0.2.0/24', '2001:db8::/32'] } } };
  const policy = {
    Spec: { Traffic: { OutboundPort: 16001 } },
    EgressPolicies: [
      { Name: 'pods', IPAddresses: ['192.0.2.0/24'], Ports: [{ Number: 15000, EndPort: 16010, Protocol: 'tcp' }] },
    ],
  };
  const reason = (spec: unknown, dst: string, src?: string) =>
    explain(spec, { dst, ...(src !== undefined && { src }) }).reason;

  it('refuses the outbound and metrics ports on the pod address, loopback or the unspecified address, before mesh or policy', () => {
    for (const [dst, src] of [
      ['192.0.2.1:15001', '192.0.2.1'],
      ['192.0.2.1:15010', '192.0.2.1'],
      ['127.0.0.1:15001', undefined],
      ['127.9.9.9:15010', undefined],
      ['0.0.0.0:15001', undefined],
      ['[2001:db8::7]:15001', '2001:db8::7'],
      ['[::1]:15010', undefined],
      ['192.0.2.1:15001', '127.0.0.1'],
    ] as const) {
      expect(reason(mesh, dst, src), `${dst} from ${src}`).toBe('own-listener');
    }
    expect(reason(policy, '192.0.2.1:16001', '192.0.2.1')).toBe('own-listener');
  });

  it('decides the same port numbers elsewhere (or with the pod address unknown) like any other port', () => {
    expect(reason(mesh, '192.0.2.2:15001', '192.0.2.1')).toBe('mesh');
    expect(reason(mesh, '192.0.2.1:15001')).toBe('mesh');
    expect(reason(mesh, '192.0.2.1:15002', '192.0.2.1')).toBe('mesh');
    expect(reason(policy, '192.0.2.1:15001', '192.0.2.1')).toBe('tcp-policy');
    expect(reason(policy, '192.0.2.1:15010', '192.0.2.1')).toBe('tcp-policy');
    expect(reason({ Spec: { Traffic: { EnableEgress: true } } }, '203.0.113.10:15001', '192.0.2.1')).toBe(
      'egress-passthrough',
    );
  });

  it('takes src only as an address', () => {
    expect(() => explain(mesh, { dst: '192.0.2.1:15001', src: '192.0.2.1:80' })).toThrow(
      /src must be an IPv4 or IPv6 address, not "192.0.2.1:80"/,
    );
  });
});

describe('PipycError.message', () => {
  it('summarises every problem: the count and the first few, each with its pointer', () => {
    const bad = {
      Spec: { SidecarTimeout: -1, Trafic: {} },
      EgressPolicies: [
        { Name: 'a', Ports: [] },
        { Name: 'b', Ports: [] },
      ],
    };
    try {
      explain(bad, { dst: '203.0.113.1:80' });
      throw new Error('no error');
    } catch (e) {
      expect(e).toBeInstanceOf(PipycError);
      const error = e as PipycError;
      expect(error.diagnostics.length).toBeGreaterThan(3);
      expect(error.message).toMatch(
        new RegExp(`^${error.diagnostics.length} problems: PIPYC\\d{4}: .+ \\[/.+\\]; PIPYC`),
      );
      expect(error.message).toContain(`and ${error.diagnostics.length - 3} more`);
    }
  });
});
