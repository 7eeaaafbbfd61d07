import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { stringLiteral } from '../../src/generate/literal.js';
import { InternalError } from '../../src/util/internal-error.js';
import { compileValue, PipycError, validate } from '../../src/index.js';
import { parseHostPattern, formatHostPattern } from '../../src/validate/host-pattern.js';
import { astFacts } from '../support/js-ast.js';
import { GOLDEN_ROOT, goldenCases } from '../support/golden.js';

const RUNS = Number(process.env.PIPYC_PROPERTY_RUNS ?? 1000);
const SEED = Number(process.env.PIPYC_SEED ?? 20261127);
const params = { numRuns: RUNS, seed: SEED };

/** Pieces that break naive code generators, mixed with arbitrary Unicode (lone surrogates and NUL included). */
const nasty = fc.constantFrom(
  "'),evil(('",
  '"',
  "'",
  '\\',
  '${x}',
  '`',
  '*/',
  '/*',
  '</script>',
  '\n',
  '\r\n',
  '\u2028',
  '\u2029',
  '\u0000',
  '\ud800',
  '\udfff',
  '\ud83d\ude00',
  '#',
  '__proto__',
  'constructor',
  'x'.repeat(3000),
  ') || true || (',
  '; pipy.exit(1)',
);
const hostile = fc
  .array(
    fc.oneof(nasty, fc.string({ unit: 'binary', maxLength: 12 }), fc.string({ unit: 'grapheme-ascii', maxLength: 12 })),
    { maxLength: 5 },
  )
  .map((parts) => parts.join(''));
/** Printable ASCII with the dangerous pieces: what survives validation in paths and header regexes. */
const hostileAscii = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        "'),evil(('",
        '"',
        "'",
        '${x}',
        '`',
        '*/',
        '/*',
        '</script>',
        '#',
        '__proto__',
        ') || true || (',
        '\\n',
        '\\u2028',
      ),
      fc.string({ unit: 'grapheme-ascii', maxLength: 8 }),
    ),
    { maxLength: 5 },
  )
  .map((parts) => '/' + parts.join('').replace(/\s/g, ''));
const often = <T>(usual: fc.Arbitrary<T>, rare: fc.Arbitrary<T>) =>
  fc.oneof({ arbitrary: usual, weight: 6 }, { arbitrary: rare, weight: 1 });
const hostileHost = often(
  fc.constantFrom('a.example.com', '*.example.com', '*', 'B\u00fccher.Example.', 'x-y.example.org.'),
  fc.oneof(
    hostile,
    hostile.map((h) => `${h}.example.com`),
  ),
);

const hostileSpec = fc
  .record({
    Spec: fc.record({
      Traffic: fc.record({
        MeshCIDRs: fc.array(often(fc.constantFrom('10.0.0.0/8', '2001:DB8::/32'), hostile), { maxLength: 2 }),
      }),
    }),
    EgressPolicies: fc.array(
      fc.record({
        Name: often(fc.constantFrom('p', 'q.r', 'x-1'), hostile),
        Hosts: fc.array(hostileHost, { minLength: 1, maxLength: 3 }),
        Ports: fc.constant([
          { Number: 80, Protocol: 'http' },
          { Number: 443, Protocol: 'https' },
        ]),
        Matches: fc.array(
          fc.record({
            Path: often(hostileAscii, hostile),
            PathType: fc.constantFrom('Exact', 'Prefix', 'RegularExpression'),
            Methods: fc.array(often(fc.constantFrom('GET', 'POST'), hostile), { maxLength: 2 }),
            Headers: fc.dictionary(often(fc.constantFrom('X-Team', 'x-env'), hostile), often(hostileAscii, hostile), {
              maxKeys: 2,
            }),
          }),
          { maxLength: 2 },
        ),
      }),
      { minLength: 1, maxLength: 2 },
    ),
  })
  .map((spec) => ({ ...spec, EgressPolicies: spec.EgressPolicies.map((p, i) => ({ ...p, Name: `${p.Name}${i}` })) }));

type HostileSpec = typeof hostileSpec extends fc.Arbitrary<infer T> ? T : never;

/** The spec's strings as they must appear, decoded, in the generated code (after documented normalisation). */
function expectedStrings(spec: HostileSpec): string[] {
  const out: string[] = [];
  for (const p of spec.EgressPolicies) {
    out.push(p.Name);
    for (const h of p.Hosts) {
      const parsed = parseHostPattern(h);
      if (parsed.kind !== 'parsed') continue;
      const pattern = parsed.pattern;
      // These policies name no IPAddresses, so every exact name is answered whole at compile time (a hostKnown row).
      if (pattern.kind === 'exact') out.push(pattern.host);
      if (pattern.kind === 'suffix') out.push('s:' + formatHostPattern(pattern).slice(2));
    }
    for (const m of p.Matches) {
      // A literal path with '?' can never equal the path without query: it compiles to `false`, not to a literal.
      if (m.PathType === 'RegularExpression') out.push(`^(?:${m.Path})$`);
      else if (!m.Path.includes('?')) out.push(m.Path);
      out.push(...m.Methods);
      for (const [name, value] of Object.entries(m.Headers)) out.push(name.toLowerCase(), `^(?:${value})$`);
    }
  }
  return out.filter((s) => s !== '' && s !== '^(?:)$');
}

/** Identifiers, property names and call targets the templates use, from every golden codebase. */
const templateNames = new Set(
  goldenCases().flatMap((c) => {
    try {
      return [...astFacts(readFileSync(join(GOLDEN_ROOT, c, 'expected', 'main.js'), 'utf8')).names];
    } catch {
      return [];
    }
  }),
);

/**
 * Every value a table row can hold, as the script reads it: each field, each part of a ','-joined list field and each
 * side of a name=index pair, and the rest of a line after its first field (a regular expression's source); and the
 * words of the comments for the reader (policy names where nothing credits them).
 */
function tableValues(tables: string): string[] {
  const lines = tables.split('\n');
  const comments = lines.filter((l) => l.startsWith('# ')).flatMap((l) => l.slice(2).split(/[\s,():]+/));
  return comments.concat(
    lines
      .filter((l) => l !== '' && !l.startsWith('#') && !l.startsWith('['))
      .flatMap((line) => {
        const fields = line.split(' ');
        return [
          line.slice(line.indexOf(' ') + 1),
          ...fields,
          ...fields.flatMap((f) => f.split(',')).flatMap((f) => [f, ...f.split('=')]),
        ];
      }),
  );
}

describe(`injection-proof generation (fast-check, ${RUNS} runs per property, seed ${SEED}; PIPYC_SEED reruns another)`, () => {
  it('a hostile spec is rejected with located errors, or compiles into code whose literals decode to exactly its values', () => {
    let compiled = 0;
    fc.assert(
      fc.property(hostileSpec, (spec) => {
        const v = validate(spec);
        if (v.kind === 'invalid') {
          for (const d of v.diagnostics.filter((x) => x.severity === 'error')) {
            expect(d.code).toMatch(/^PIPYC[1-3]\d{3}$/);
            expect(typeof d.pointer).toBe('string');
            expect(d.message.length).toBeGreaterThan(0);
          }
          return;
        }
        const files = compileValue(spec).files; // throws PipycError if the checker found anything
        compiled++;
        const tables = files.find((f) => f.path === 'egress-tables.txt')?.contents ?? '';
        const strings = [...astFacts(files[0]!.contents).strings, ...tableValues(tables)];
        for (const value of expectedStrings(spec)) expect(strings, `missing ${JSON.stringify(value)}`).toContain(value);
      }),
      params,
    );
    console.log(`[property] ${compiled} of ${RUNS} hostile specs were valid and compiled`);
    expect(compiled, 'the generator produced too few valid specs to mean anything').toBeGreaterThan(RUNS / 20);
  });

  it('generated code uses no identifier, property or call that the templates do not use themselves', () => {
    fc.assert(
      fc.property(hostileSpec, (spec) => {
        if (validate(spec).kind === 'invalid') return;
        const { names } = astFacts(compileValue(spec).files[0]!.contents);
        for (const name of names) expect(templateNames, `unexpected ${name}`).toContain(name);
      }),
      params,
    );
  });

  it('every string literal decodes back to the value, or the value is refused as not well-formed', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), hostile), (s) => {
        if (!s.isWellFormed()) {
          expect(() => stringLiteral(s)).toThrow(InternalError);
          return;
        }
        const lit = stringLiteral(s);
        expect(lit).toMatch(/^'[\x20-\x7e]*'$/);
        const sf = ts.createSourceFile('x.js', lit, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
        const expr = (sf.statements[0] as ts.ExpressionStatement).expression as ts.StringLiteral;
        expect(expr.text).toBe(s);
        expect(new Function(`return ${lit}`)()).toBe(s);
      }),
      params,
    );
  });

  it('compile never throws anything but a PipycError', () => {
    fc.assert(
      fc.property(fc.anything({ maxDepth: 4 }), hostileSpec, (junk, spec) => {
        for (const input of [junk, { ...spec, Spec: junk }, { Spec: {}, EgressPolicies: [junk] }]) {
          try {
            compileValue(input);
          } catch (e) {
            expect(e).toBeInstanceOf(PipycError);
          }
        }
      }),
      params,
    );
  });
});
