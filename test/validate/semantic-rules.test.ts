import { describe, expect, it } from 'vitest';
import { validate, type DiagnosticCode, type SidecarSpec } from '../../src/index.js';
import { REGISTRY } from '../../src/protocols/registry.js';
import { SEMANTIC_RULES } from '../../src/validate/semantic-rules.js';

const policy = (p: Partial<NonNullable<SidecarSpec['EgressPolicies']>[number]>) => ({
  Name: 'p',
  Ports: [{ Number: 80, Protocol: 'http' }],
  ...p,
});
const spec = (policies: unknown[], spec: object = {}) => ({ Spec: spec, EgressPolicies: policies });

/** Every rule, by its name: a spec it alone finds wrong, the code it answers with, and where. */
const CASES: Record<string, { spec: unknown; code: DiagnosticCode; pointer: string }> = {
  'mesh CIDRs are IPv4/IPv6 CIDRs or addresses with no host bits set': {
    spec: { Spec: { Traffic: { MeshCIDRs: ['10.0.0.1/8'] } } },
    code: 'PIPYC3001',
    pointer: '/Spec/Traffic/MeshCIDRs/0',
  },
  'mesh CIDRs are listed once': {
    spec: { Spec: { Traffic: { MeshCIDRs: ['10.0.0.0/8', '10.0.0.0/8'] } } },
    code: 'PIPYC4003',
    pointer: '/Spec/Traffic/MeshCIDRs/1',
  },
  'policy IP addresses are IPv4/IPv6 CIDRs or addresses with no host bits set': {
    spec: spec([policy({ IPAddresses: ['192.0.2.300'] })]),
    code: 'PIPYC3001',
    pointer: '/EgressPolicies/0/IPAddresses/0',
  },
  'policy names are unique': {
    spec: spec([policy({}), policy({})]),
    code: 'PIPYC3002',
    pointer: '/EgressPolicies/1/Name',
  },
  'the metrics port is not the port outbound traffic is redirected to': {
    spec: { Spec: { Metrics: { Port: 15001 } } },
    code: 'PIPYC3012',
    pointer: '/Spec/Metrics/Port',
  },
  'hosts are names, *.suffix wildcards or *': {
    spec: spec([policy({ Hosts: ['a.*.example'] })]),
    code: 'PIPYC3004',
    pointer: '/EgressPolicies/0/Hosts/0',
  },
  'Hosts, IPAddresses and Ports list each entry once': {
    spec: spec([policy({ Hosts: ['a.example', 'A.example'] })]),
    code: 'PIPYC4003',
    pointer: '/EgressPolicies/0/Hosts/1',
  },
  'EndPort is not below Number': {
    spec: spec([policy({ Ports: [{ Number: 90, EndPort: 80, Protocol: 'http' }] })]),
    code: 'PIPYC3005',
    pointer: '/EgressPolicies/0/Ports/0/EndPort',
  },
  'policies are moot while EnableEgress is true (warning)': {
    spec: spec([policy({})], { Traffic: { EnableEgress: true } }),
    code: 'PIPYC4001',
    pointer: '/EgressPolicies',
  },
  'regular expressions compile in both JavaScript and Pipy': {
    spec: spec([policy({ Matches: [{ Path: '(?<=a)b', PathType: 'RegularExpression' }] })]),
    code: 'PIPYC3007',
    pointer: '/EgressPolicies/0/Matches/0/Path',
  },
  'exact and prefix paths are printable ASCII': {
    spec: spec([policy({ Matches: [{ Path: '/a b' }] })]),
    code: 'PIPYC3011',
    pointer: '/EgressPolicies/0/Matches/0/Path',
  },
  'PathType comes with a Path': {
    spec: spec([policy({ Matches: [{ PathType: 'Exact' }] })]),
    code: 'PIPYC3009',
    pointer: '/EgressPolicies/0/Matches/0/PathType',
  },
  'header names in a match are unique, ignoring case': {
    spec: spec([policy({ Matches: [{ Headers: { 'X-A': 'a', 'x-a': 'b' } }] })]),
    code: 'PIPYC3010',
    pointer: '/EgressPolicies/0/Matches/0/Headers/x-a',
  },
  'HTTP matches need an http port': {
    spec: spec([policy({ Ports: [{ Number: 443, Protocol: 'https' }], Matches: [{ Path: '/a' }] })]),
    code: 'PIPYC3008',
    pointer: '/EgressPolicies/0/Matches',
  },
  'a port is not both server-first and sniffed (http/https)': {
    spec: spec([
      policy({ Ports: [{ Number: 3306, Protocol: 'tcp-server-first' }] }),
      policy({ Name: 'q', Ports: [{ Number: 3300, EndPort: 3310, Protocol: 'https' }] }),
    ]),
    code: 'PIPYC3006',
    pointer: '/EgressPolicies/0/Ports/0/Protocol',
  },
  'the DNS proxy forwards to an address, listens on a loopback address and a port of its own': {
    spec: { Spec: { Traffic: { DNS: { Upstream: 'resolver.example' } } } },
    code: 'PIPYC3013',
    pointer: '/Spec/Traffic/DNS/Upstream',
  },
  'Hosts are ignored on tcp ports without the DNS proxy (warning)': {
    spec: spec([policy({ Hosts: ['db.example'], Ports: [{ Number: 5432, Protocol: 'tcp' }] })]),
    code: 'PIPYC4002',
    pointer: '/EgressPolicies/0/Hosts',
  },
};

const RULES = [...SEMANTIC_RULES, ...REGISTRY.checks.rules];

describe("every semantic rule, by its name (the spec's and each protocol's)", () => {
  it('has exactly one case here, and no case names a rule that does not exist', () => {
    expect(Object.keys(CASES).sort()).toEqual(RULES.map((r) => r.name).sort());
  });

  it.each(RULES.map((r) => [r.name] as const))('%s', (name) => {
    const { spec: value, code, pointer } = CASES[name]!;
    const found = validate(value).diagnostics;
    expect(found.map((d) => [d.code, d.pointer])).toEqual([[code, pointer]]);
  });
});
