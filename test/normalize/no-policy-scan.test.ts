import { describe, expect, it } from 'vitest';
import { compileValue } from '../../src/index.js';

/** The code Pipy loads for a spec: it must not grow with the number of policies, only the data (egress-tables.txt) may. */
function code(spec: unknown): string {
  return compileValue(spec).files[0]!.contents;
}

function specWith(n: number): unknown {
  return {
    Spec: { SidecarLogLevel: 'info' },
    EgressPolicies: Array.from({ length: n }, (_, i) => [
      {
        Name: `h${i}`,
        Hosts: [`h${i}.example.com`, `*.w${i}.example.com`],
        Ports: [{ Number: 80, Protocol: 'http' }],
        Matches: [{ Path: `/p${i}/`, Headers: { 'x-n': `${i}` } }],
      },
      {
        Name: `s${i}`,
        Hosts: [`s${i}.example.org`],
        IPAddresses: [`203.0.113.${i % 256}`],
        Ports: [{ Number: 443, Protocol: 'https' }],
      },
      {
        Name: `t${i}`,
        IPAddresses: [`198.51.${i % 256}.0/24`],
        Ports: [{ Number: 10000 + i, EndPort: 10000 + i + 3, Protocol: 'tcp' }],
      },
    ]).flat(),
  };
}

describe('generated code holds no loop over policies', () => {
  it('is the same code, byte for byte, for 1 and 1,000 policies of each kind (with Matches on every http policy); only the tables differ', () => {
    const one = code(specWith(1));
    expect(one).toContain('matchPasses = ');
    expect(code(specWith(1000))).toBe(one);
  });
});
