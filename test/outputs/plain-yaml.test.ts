import fc from 'fast-check';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { plainYaml } from '../../src/outputs/plain-yaml.js';

const library = (v: unknown) => stringify(v, { lineWidth: 0, blockQuote: 'literal' });

describe("plain data as the yaml library writes it, or the library's to write", () => {
  it('writes an Egress object as the library does', () => {
    const egress = {
      apiVersion: 'policy.openservicemesh.io/v1alpha1',
      kind: 'Egress',
      metadata: {
        name: 'learned-app-https-443',
        namespace: 'team',
        annotations: { 'pipyc.io/learned': "pipyc 0.1 learn, mode's lines" },
      },
      spec: {
        sources: [{ kind: 'ServiceAccount', name: 'app', namespace: 'team' }],
        hosts: ['a.example.io', 'b.example.io'],
        ipAddresses: [],
        ports: [{ number: 443, protocol: 'https' }],
        matches: [{}],
        empty: {},
        flag: true,
        none: null,
      },
    };
    expect(plainYaml(egress)).toBe(library(egress));
  });

  it.each([
    ['a string the core schema reads as a number', { a: '80' }],
    ['a string it reads as a boolean', { a: 'true' }],
    ['an empty string', { a: '' }],
    ['a string with an indicator first', { a: '*.example.com' }],
    ['a string with ": "', { a: 'a: b' }],
    ['a multi-line string', { a: 'one\ntwo' }],
    ['a fraction', { a: 1.5 }],
    ['a sequence in a sequence', { a: [[1]] }],
    [
      'an object written twice',
      (() => {
        const o = { b: 1 };
        return { a: o, c: o };
      })(),
    ],
  ])('leaves %s to the library', (_name, value) => {
    expect(plainYaml(value as Record<string, unknown>)).toBeUndefined();
  });

  it('writes what the library writes, for 2,000 random objects (or leaves them to it)', () => {
    const text = fc.oneof(
      fc.string(),
      fc.constantFrom(
        'a',
        'a b',
        "it's",
        'a,b',
        'x:y',
        '-a',
        '?a',
        '.a',
        '---a',
        'a #b',
        'a#b',
        'null',
        '0x1F',
        '1e3',
        ' a',
        'a ',
      ),
    );
    const scalar = fc.oneof(text, fc.integer(), fc.boolean(), fc.constant(null), fc.double());
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, scalar, tie('list'), tie('map')),
      list: fc.array(tie('node'), { maxLength: 4 }),
      map: fc.dictionary(text, tie('node'), { maxKeys: 4 }),
    })).map;
    let written = 0;
    fc.assert(
      fc.property(value, (v) => {
        const fast = plainYaml(v as Record<string, unknown>);
        if (fast !== undefined) {
          written++;
          expect(fast).toBe(library(v));
        }
      }),
      { numRuns: 2000, seed: 7 },
    );
    expect(written).toBeGreaterThan(200);
  });
});
