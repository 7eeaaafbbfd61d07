import { describe, expect, it } from 'vitest';
import { compileValue } from '../../src/index.js';

/** The code must not grow with the number of policies: only the data (egress-tables.txt, the ruleTests predicates) may. */
function codeWithoutTables(spec: unknown): string {
  const main = compileValue(spec).files[0]!.contents;
  return main.replace(/(?<=\n) {2}(ruleTests|regexes) = [\s\S]*?\n(?= {2}([a-zA-Z]+ = |\/\/))/g, '  $1 = <table>,\n');
}

function specWith(n: number): unknown {
  return {
    Spec: { SidecarLogLevel: 'info' },
    EgressPolicies: Array.from({ length: n }, (_, i) => [
      { Name: `h${i}`, Hosts: [`h${i}.example.com`, `*.w${i}.example.com`], Ports: [{ Number: 80, Protocol: 'http' }], Matches: [{ Path: `/p${i}/`, Headers: { 'x-n': `${i}` } }] },
      { Name: `s${i}`, Hosts: [`s${i}.example.org`], IPAddresses: [`203.0.113.${i % 256}`], Ports: [{ Number: 443, Protocol: 'https' }] },
      { Name: `t${i}`, IPAddresses: [`198.51.${i % 256}.0/24`], Ports: [{ Number: 10000 + i, EndPort: 10000 + i + 3, Protocol: 'tcp' }] },
    ]).flat(),
  };
}

describe('generated code holds no loop over policies', () => {
  it('is the same code for 1 and 1,000 policies of each kind; only the tables differ', () => {
    const one = codeWithoutTables(specWith(1));
    const many = codeWithoutTables(specWith(1000));
    expect(one).toContain('ruleTests = <table>');
    expect(many).toBe(one);
  });
});
