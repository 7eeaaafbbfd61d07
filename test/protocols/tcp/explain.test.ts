import { describe, expect, it } from 'vitest';
import { explain } from '../../../src/index.js';

/** The reference decision for TCP by name: src/protocols/tcp/explain.ts, against what the DNS proxy learned. */
describe('explain(): tcp policies with Hosts and the DNS proxy', () => {
  const spec = (dns: boolean) => ({
    Spec: { Traffic: { ...(dns && { DNS: { Upstream: '192.0.2.53' } }), MeshCIDRs: ['198.51.100.0/24'] } },
    EgressPolicies: [
      { Name: 'db', Hosts: ['db.example.com'], Ports: [{ Number: 5432, Protocol: 'tcp' }] },
      { Name: 'any-db', Hosts: ['*.example.com'], Ports: [{ Number: 5432, Protocol: 'tcp' }] },
      { Name: 'by-address', IPAddresses: ['203.0.113.0/28'], Ports: [{ Number: 5432, Protocol: 'tcp' }] },
    ],
  });
  const decide = (dns: boolean, dst: string, learned: object = {}) => {
    const e = explain(spec(dns), { dst, ...learned });
    return [e.verdict, e.reason, e.policy];
  };

  it('without the proxy, Hosts are not checked on tcp ports (as osm-edge)', () => {
    expect(decide(false, '203.0.113.99:5432')).toEqual(['allow', 'tcp-policy', 'any-db']);
  });

  it('with it, a name allows only the addresses learned for it; a policy without Hosts still allows by address', () => {
    expect(decide(true, '203.0.113.99:5432')).toEqual(['deny', 'not-resolved', null]);
    expect(decide(true, '203.0.113.5:5432')).toEqual(['allow', 'tcp-policy', 'by-address']);
    expect(decide(true, '203.0.113.99:5432', { resolved: { 'DB.Example.com.': ['203.0.113.99'] } })).toEqual([
      'allow',
      'dns-learned',
      'db',
    ]);
    expect(decide(true, '203.0.113.99:5432', { resolved: { 'x.example.com': ['203.0.113.99'] } })).toEqual([
      'allow',
      'dns-learned',
      'any-db',
    ]);
    expect(decide(true, '203.0.113.99:5432', { resolved: { 'example.com': ['203.0.113.99'] } })).toEqual([
      'deny',
      'not-resolved',
      null,
    ]);
    expect(decide(true, '203.0.113.99:5432', { resolved: { 'db.example.com': ['203.0.113.98'] } })).toEqual([
      'deny',
      'not-resolved',
      null,
    ]);
  });

  it('an expired answer refuses with its own reason; a live one for another allowed name still allows', () => {
    expect(decide(true, '203.0.113.99:5432', { expired: { 'db.example.com': ['203.0.113.99'] } })).toEqual([
      'deny',
      'expired',
      null,
    ]);
    expect(
      decide(true, '203.0.113.99:5432', {
        expired: { 'db.example.com': ['203.0.113.99'] },
        resolved: { 'a.example.com': ['203.0.113.99'] },
      }),
    ).toEqual(['allow', 'dns-learned', 'any-db']);
  });

  it('the first learned name that a policy allows is credited, most specific policy for it', () => {
    expect(
      decide(true, '203.0.113.99:5432', {
        resolved: { 'a.example.com': ['203.0.113.99'], 'db.example.com': ['203.0.113.99'] },
      }),
    ).toEqual(['allow', 'dns-learned', 'any-db']);
    expect(
      decide(true, '203.0.113.99:5432', {
        resolved: { 'db.example.com': ['203.0.113.99'], 'a.example.com': ['203.0.113.99'] },
      }),
    ).toEqual(['allow', 'dns-learned', 'db']);
  });

  it('never learns loopback, link-local or unspecified addresses; mesh addresses stay in-mesh', () => {
    for (const ip of ['127.0.0.5', '169.254.0.9', '0.0.0.0']) {
      expect(decide(true, `${ip}:5432`, { resolved: { 'db.example.com': [ip] } })[1], ip).not.toBe('dns-learned');
    }
    expect(decide(true, '198.51.100.7:5432', { resolved: { 'db.example.com': ['198.51.100.7'] } })).toEqual([
      'allow',
      'mesh',
      null,
    ]);
    expect(decide(true, '[2001:db8::7]:5432', { resolved: { 'db.example.com': ['2001:DB8:0::7'] } })).toEqual([
      'allow',
      'dns-learned',
      'db',
    ]);
  });
});
