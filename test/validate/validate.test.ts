import { describe, expect, it } from 'vitest';
import { validate, validateSource } from '../../src/index.js';

const errorsOf = (spec: unknown) => validate(spec).diagnostics.filter((d) => d.severity === 'error');

describe('validate', () => {
  it('accepts the smallest spec and applies no errors to defaults', () => {
    expect(validate({ Spec: {} })).toEqual({ kind: 'valid', diagnostics: [] });
  });

  it('names an unknown field by pointer, at its key, with a suggestion', () => {
    const r = validateSource({ name: 's.yaml', text: 'Spec:\n  Traffic:\n    EnableEgres: true\n' });
    expect(r.kind).toBe('invalid');
    expect(r.diagnostics).toEqual([
      expect.objectContaining({
        code: 'PIPYC2002',
        pointer: '/Spec/Traffic/EnableEgres',
        position: { file: 's.yaml', line: 3, column: 5 },
        hint: 'did you mean "EnableEgress"?',
      }),
    ]);
  });

  it('reports every schema error at once', () => {
    const codes = errorsOf({
      Spec: { SidecarLogLevel: 'loud', SidecarTimeout: -1, Traffic: { OutboundPort: 0 } },
      Extra: 1,
    }).map((d) => `${d.code} ${d.pointer}`);
    expect(codes).toEqual(
      expect.arrayContaining([
        'PIPYC2005 /Spec/SidecarLogLevel',
        'PIPYC2001 /Spec/SidecarTimeout',
        'PIPYC2001 /Spec/Traffic/OutboundPort',
        'PIPYC2002 /Extra',
      ]),
    );
    expect(codes).toHaveLength(4);
  });

  it('requires Spec, and Name and Ports on a policy', () => {
    expect(errorsOf({})[0]).toMatchObject({ code: 'PIPYC2003', pointer: '' });
    expect(errorsOf({ Spec: {}, EgressPolicies: [{}] }).map((d) => d.message)).toEqual([
      'missing required field "Name" in /EgressPolicies/0',
      'missing required field "Ports" in /EgressPolicies/0',
    ]);
  });

  const semantic: [string, unknown, string, string][] = [
    ['CIDR with host bits', { Traffic: { MeshCIDRs: ['10.1.0.0/8'] } }, 'PIPYC3001', '/Spec/Traffic/MeshCIDRs/0'],
    ['not an address', { Traffic: { MeshCIDRs: ['10.0.0.256'] } }, 'PIPYC3001', '/Spec/Traffic/MeshCIDRs/0'],
    ['IPv6 prefix too long', { Traffic: { MeshCIDRs: ['2001:db8::/129'] } }, 'PIPYC3001', '/Spec/Traffic/MeshCIDRs/0'],
  ];
  it.each(semantic)('%s', (_name, spec, code, pointer) => {
    expect(errorsOf({ Spec: spec })).toEqual([expect.objectContaining({ code, pointer })]);
  });

  const policy = (p: Record<string, unknown>) => ({
    Spec: {},
    EgressPolicies: [{ Name: 'p', Ports: [{ Number: 80, Protocol: 'http' }], ...p }],
  });
  const policyErrors: [string, unknown, string, string][] = [
    ['partial wildcard *foo.com', policy({ Hosts: ['*foo.com'] }), 'PIPYC3004', '/EgressPolicies/0/Hosts/0'],
    ['inner wildcard foo.*.com', policy({ Hosts: ['foo.*.com'] }), 'PIPYC3004', '/EgressPolicies/0/Hosts/0'],
    ['empty label', policy({ Hosts: ['a..com'] }), 'PIPYC3004', '/EgressPolicies/0/Hosts/0'],
    ['IP where a name is required', policy({ Hosts: ['203.0.113.1'] }), 'PIPYC3004', '/EgressPolicies/0/Hosts/0'],
    ['IPv6 where a name is required', policy({ Hosts: ['[2001:db8::1]'] }), 'PIPYC3004', '/EgressPolicies/0/Hosts/0'],
    ['bad policy CIDR', policy({ IPAddresses: ['203.0.113.0/33'] }), 'PIPYC3001', '/EgressPolicies/0/IPAddresses/0'],
    [
      'EndPort below Number',
      policy({ Ports: [{ Number: 90, EndPort: 80, Protocol: 'tcp' }] }),
      'PIPYC3005',
      '/EgressPolicies/0/Ports/0/EndPort',
    ],
    [
      'bad path regex',
      policy({ Matches: [{ Path: '([a-z]', PathType: 'RegularExpression' }] }),
      'PIPYC3007',
      '/EgressPolicies/0/Matches/0/Path',
    ],
    [
      'lookbehind in a header regex',
      policy({ Matches: [{ Headers: { 'x-a': '(?<!b)a' } }] }),
      'PIPYC3007',
      '/EgressPolicies/0/Matches/0/Headers/x-a',
    ],
    [
      'PathType without Path',
      policy({ Matches: [{ PathType: 'Exact' }] }),
      'PIPYC3009',
      '/EgressPolicies/0/Matches/0/PathType',
    ],
    [
      'header twice ignoring case',
      policy({ Matches: [{ Headers: { 'X-A': 'a', 'x-a': 'b' } }] }),
      'PIPYC3010',
      '/EgressPolicies/0/Matches/0/Headers/x-a',
    ],
    ['non-ASCII path', policy({ Matches: [{ Path: '/caf\u00e9' }] }), 'PIPYC3011', '/EgressPolicies/0/Matches/0/Path'],
    [
      'Matches without an http port',
      policy({ Ports: [{ Number: 22, Protocol: 'tcp' }], Matches: [{ Path: '/' }] }),
      'PIPYC3008',
      '/EgressPolicies/0/Matches',
    ],
  ];
  it.each(policyErrors)('policy: %s', (_name, spec, code, pointer) => {
    expect(errorsOf(spec)).toEqual([expect.objectContaining({ code, pointer })]);
  });

  it('rejects duplicate policy names at the second one', () => {
    const spec = {
      Spec: {},
      EgressPolicies: ['a', 'b', 'a'].map((Name) => ({ Name, Ports: [{ Number: 22, Protocol: 'tcp' }] })),
    };
    expect(errorsOf(spec)).toEqual([expect.objectContaining({ code: 'PIPYC3002', pointer: '/EgressPolicies/2/Name' })]);
  });

  it('rejects a port that is server-first in one policy and sniffed in another, ranges included', () => {
    const spec = {
      Spec: {},
      EgressPolicies: [
        { Name: 'db', Ports: [{ Number: 3306, Protocol: 'tcp-server-first' }] },
        { Name: 'web', Ports: [{ Number: 3000, EndPort: 3400, Protocol: 'https' }] },
      ],
    };
    expect(errorsOf(spec)).toEqual([
      expect.objectContaining({ code: 'PIPYC3006', pointer: '/EgressPolicies/0/Ports/0/Protocol' }),
    ]);
    const fine = {
      ...spec,
      EgressPolicies: [
        spec.EgressPolicies[0],
        { Name: 'web', Ports: [{ Number: 3307, EndPort: 3400, Protocol: 'https' }] },
      ],
    };
    expect(errorsOf(fine)).toEqual([]);
  });

  it('warns (but compiles) for Hosts on a tcp port and for moot policies', () => {
    const r = validate({
      Spec: { Traffic: { EnableEgress: true } },
      EgressPolicies: [{ Name: 'x', Hosts: ['a.example'], Ports: [{ Number: 22, Protocol: 'tcp' }] }],
    });
    expect(r.kind).toBe('valid');
    expect(r.diagnostics.map((d) => `${d.severity} ${d.code}`).sort()).toEqual([
      'warning PIPYC4001',
      'warning PIPYC4002',
    ]);
  });

  it('normalises host spellings instead of rejecting them', () => {
    expect(errorsOf(policy({ Hosts: ['API.Example.COM.', 'b\u00fccher.example', '*', '*.svc.example.com'] }))).toEqual(
      [],
    );
  });
});

describe('a bad header name in Matches', () => {
  it('is reported once, at the key, naming it', () => {
    const text =
      'Spec: {}\nEgressPolicies:\n  - Name: a\n    Hosts: [a.example]\n    Ports: [{ Number: 80, Protocol: http }]\n    Matches:\n      - Headers:\n          X-Ok: y\n          "Bad Header": x\n';
    const result = validateSource({ name: 'spec.yaml', text });
    expect(result.kind).toBe('invalid');
    expect(result.diagnostics).toEqual([
      expect.objectContaining({
        code: 'PIPYC2006',
        message: 'header name "Bad Header" in /EgressPolicies/0/Matches/0/Headers is not a valid HTTP header name',
        pointer: '/EgressPolicies/0/Matches/0/Headers/Bad Header',
        position: { file: 'spec.yaml', line: 9, column: 11 },
      }),
    ]);
  });
});

describe('schema errors and semantic errors together', () => {
  it('reports the semantic problems of every part the schema passed, with the original indexes', () => {
    const text = [
      'Spec:',
      '  SidecarTimeout: -1',
      'EgressPolicies:',
      '  - Name: a',
      '    Ports: [{ Number: 90, EndPort: 80, Protocol: tcp }]',
      '  - Name: b',
      '    Bogus: 1',
      '    Ports: [{ Number: 90, EndPort: 80, Protocol: tcp }]',
      '  - Name: c',
      '    IPAddresses: [10.0.0.1/8]',
      '    Ports: [{ Number: 1, Protocol: tcp }]',
      '',
    ].join('\n');
    const result = validateSource({ name: 'spec.yaml', text });
    expect(result.diagnostics.map((d) => [d.code, d.pointer])).toEqual([
      ['PIPYC2001', '/Spec/SidecarTimeout'],
      ['PIPYC3005', '/EgressPolicies/0/Ports/0/EndPort'],
      ['PIPYC2002', '/EgressPolicies/1/Bogus'],
      ['PIPYC3001', '/EgressPolicies/2/IPAddresses/0'],
    ]);
  });
});

describe('entries listed twice', () => {
  it('warn for Hosts, IPAddresses and Ports as for MeshCIDRs, comparing canonical forms', () => {
    const result = validate({
      Spec: {},
      EgressPolicies: [
        {
          Name: 'a',
          Hosts: ['example.com', 'Example.COM.'],
          IPAddresses: ['203.0.113.0/24', '203.0.113.0/24'],
          Ports: [
            { Number: 80, Protocol: 'http' },
            { Number: 80, Protocol: 'http' },
            { Number: 80, EndPort: 81, Protocol: 'http' },
          ],
        },
      ],
    });
    expect(result.kind).toBe('valid');
    expect(result.diagnostics.map((d) => [d.code, d.severity, d.pointer])).toEqual([
      ['PIPYC4003', 'warning', '/EgressPolicies/0/Hosts/1'],
      ['PIPYC4003', 'warning', '/EgressPolicies/0/IPAddresses/1'],
      ['PIPYC4003', 'warning', '/EgressPolicies/0/Ports/1'],
    ]);
  });
});

describe('schema messages in plain words, with a hint where a fix is likely', () => {
  it('a protocol or method in the wrong case, and an empty list', () => {
    const result = validate({
      Spec: {},
      EgressPolicies: [
        { Name: 'a', Hosts: ['a.example'], Ports: [{ Number: 80, Protocol: 'HTTP' }], Matches: [{ Methods: ['get'] }] },
        { Name: 'b', Ports: [] },
      ],
    });
    expect(result.diagnostics.map((d) => [d.code, d.message, d.hint])).toEqual([
      [
        'PIPYC2005',
        '/EgressPolicies/0/Ports/0/Protocol is "HTTP"; allowed: "http", "https", "tcp", "tcp-server-first"',
        'did you mean "http"? (case matters)',
      ],
      [
        'PIPYC2005',
        '/EgressPolicies/0/Matches/0/Methods/0 is "get"; HTTP methods are upper case',
        'did you mean "GET"?',
      ],
      ['PIPYC2001', '/EgressPolicies/1/Ports must list at least 1 entry', undefined],
    ]);
  });
});

describe('no raw validator or runtime words reach a message', () => {
  it('patterns are told as what the field takes, with a fix where one is likely', () => {
    const result = validate({
      Spec: {},
      EgressPolicies: [
        { Name: 'Bad_Name', Ports: [{ Number: 80, Protocol: 'http' }], Matches: [{ Methods: ['G ET'] }] },
      ],
    });
    expect(result.diagnostics.map((d) => [d.code, d.message, d.hint])).toEqual([
      [
        'PIPYC2005',
        `/EgressPolicies/0/Name is "Bad_Name": a policy name is lower-case letters, digits, '-' and '.', starts and ends with a letter or digit, at most 253 characters`,
        'did you mean "bad-name"?',
      ],
      [
        'PIPYC2005',
        `/EgressPolicies/0/Matches/0/Methods/0 is "G ET": an HTTP method is upper-case letters and '-' (GET, POST, PROPFIND, ...)`,
        undefined,
      ],
    ]);
  });

  it('values that are not JSON data are named in words (undefined, NaN, BigInt, class instances, functions)', () => {
    const messages = [
      { Spec: { SidecarTimeout: undefined } },
      { Spec: { SidecarTimeout: Number.NaN } },
      { Spec: { SidecarTimeout: 10n } },
      { Spec: { Traffic: new Date(0) } },
      { Spec: { f: () => 1 } },
    ].map((spec) => validate(spec).diagnostics[0]!.message);
    expect(messages).toEqual([
      '/Spec/SidecarTimeout is undefined, which is not JSON data',
      '/Spec/SidecarTimeout must be a number, not NaN, which is not a number JSON can hold',
      '/Spec/SidecarTimeout is a BigInt (use a number), which is not JSON data',
      '/Spec/Traffic is a Date object, which is not JSON data',
      '/Spec/f is a function, which is not JSON data',
    ]);
    for (const m of messages) expect(m).not.toMatch(/must match pattern|a undefined|out of range|must NOT/);
  });
});

describe('Spec.Metrics', () => {
  it('takes a port other than the OutboundPort', () => {
    expect(validate({ Spec: { Metrics: { Port: 15010 } } }).kind).toBe('valid');
    expect(errorsOf({ Spec: { Metrics: { Port: 15001 } } })).toMatchObject([
      { code: 'PIPYC3012', pointer: '/Spec/Metrics/Port' },
    ]);
    expect(errorsOf({ Spec: { Metrics: { Port: 9000 }, Traffic: { OutboundPort: 9000 } } })).toMatchObject([
      { code: 'PIPYC3012' },
    ]);
    expect(errorsOf({ Spec: { Metrics: {} } })).toMatchObject([{ code: 'PIPYC2003' }]);
    expect(errorsOf({ Spec: { Metrics: { Port: 0 } } })).toMatchObject([{ code: 'PIPYC2001' }]);
  });
});
