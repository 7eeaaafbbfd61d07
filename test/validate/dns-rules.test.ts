import { describe, expect, it } from 'vitest';
import { normalize } from '../../src/normalize/normalize.js';
import { parseValue } from '../../src/parse/parse-spec.js';
import { REGISTRY } from '../../src/protocols/registry.js';
import { validate } from '../../src/index.js';
import { validateSpec } from '../../src/validate/validate.js';

const withDns = (DNS: object, spec: object = {}) => ({ Spec: { ...spec, Traffic: { DNS } } });
const problems = (value: unknown) => validate(value).diagnostics.map((d) => [d.code, d.pointer, d.message]);

describe('Spec.Traffic.DNS: checked before anything listens or forwards', () => {
  it('takes an upstream address with or without a port, IPv4 or IPv6', () => {
    for (const Upstream of ['192.0.2.53', '192.0.2.53:5353', '2001:db8::53', '[2001:db8::53]:53'])
      expect(problems(withDns({ Upstream })), Upstream).toEqual([]);
  });

  it.each([
    ['resolver.example'],
    ['192.0.2.53:0'],
    ['192.0.2.53:70000'],
    ['[192.0.2.53]:53'],
    ['2001:db8::53:53:53:53:53:53'],
    ['192.0.2.53:'],
  ])('refuses upstream %j, located', (Upstream) => {
    expect(problems(withDns({ Upstream }))).toEqual([
      ['PIPYC3013', '/Spec/Traffic/DNS/Upstream', expect.stringContaining(`"${Upstream}"`)],
    ]);
  });

  it('listens on a loopback address only, on a port that is not the outbound or metrics port', () => {
    expect(problems(withDns({ Upstream: '192.0.2.53', Address: '192.0.2.1' }))).toEqual([
      ['PIPYC3013', '/Spec/Traffic/DNS/Address', expect.stringContaining('not a loopback address')],
    ]);
    expect(problems(withDns({ Upstream: '192.0.2.53', Port: 15001 }))).toEqual([
      ['PIPYC3013', '/Spec/Traffic/DNS/Port', expect.stringContaining('the OutboundPort')],
    ]);
    expect(problems(withDns({ Upstream: '192.0.2.53', Port: 15010 }, { Metrics: { Port: 15010 } }))).toEqual([
      ['PIPYC3013', '/Spec/Traffic/DNS/Port', expect.stringContaining('Metrics.Port')],
    ]);
    expect(problems(withDns({ Upstream: '192.0.2.53', Address: '::1', Port: 53 }))).toEqual([]);
  });

  it('holds answers at least MinTTL and at most MaxTTL seconds, the one not above the other', () => {
    expect(problems(withDns({ Upstream: '192.0.2.53', MinTTL: 600, MaxTTL: 60 }))).toEqual([
      ['PIPYC3013', '/Spec/Traffic/DNS/MinTTL', 'DNS.MinTTL 600 is above DNS.MaxTTL 60'],
    ]);
    expect(problems(withDns({ Upstream: '192.0.2.53', MaxTTL: 10 }))).toEqual([
      ['PIPYC3013', '/Spec/Traffic/DNS/MaxTTL', 'DNS.MinTTL 30 is above DNS.MaxTTL 10'],
    ]);
  });

  it('is reported with schema problems elsewhere in the same run', () => {
    const found = validate({ Spec: { SidecarTimeout: 'x', Traffic: { DNS: { Upstream: 'nope' } } } }).diagnostics.map(
      (d) => d.code,
    );
    expect(found).toEqual(expect.arrayContaining(['PIPYC2004', 'PIPYC3013']));
  });

  it('turns the tcp Hosts warning off: with the proxy, Hosts are checked on tcp ports', () => {
    const policies = {
      EgressPolicies: [{ Name: 'db', Hosts: ['db.example.com'], Ports: [{ Number: 5432, Protocol: 'tcp' }] }],
    };
    expect(validate({ Spec: {}, ...policies }).diagnostics.map((d) => d.code)).toEqual(['PIPYC4002']);
    expect(validate({ ...withDns({ Upstream: '192.0.2.53' }), ...policies }).diagnostics).toEqual([]);
  });

  it('normalizes to one canonical form: defaults filled in, addresses as Pipy writes them', () => {
    const parsed = parseValue(withDns({ Upstream: '[2001:DB8:0::53]:5353', Address: '127.0.0.153' }));
    if (parsed.kind === 'failed') expect.fail('did not parse');
    const valid = validateSpec(parsed, REGISTRY.checks);
    if (valid.kind === 'invalid') expect.fail(JSON.stringify(valid.diagnostics));
    const model = normalize(valid.spec, valid.parsed);
    expect(model.dns).toEqual({
      address: '127.0.0.153',
      listen: '127.0.0.153:5300',
      upstream: '[2001:db8::53]:5353',
      port: 5300,
      ttl: { min: 30, max: 3600 },
    });
    expect(model.spec.Spec.Traffic?.DNS).toEqual({
      Address: '127.0.0.153',
      MaxTTL: 3600,
      MinTTL: 30,
      Port: 5300,
      Upstream: '[2001:db8::53]:5353',
    });
  });
});
