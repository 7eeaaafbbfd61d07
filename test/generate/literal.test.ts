import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { jsLiteral, stringLiteral } from '../../src/generate/literal.js';

/** What a JavaScript parser reads back from the literal. */
function decode(literal: string): unknown {
  const sf = ts.createSourceFile('x.js', `(${literal})`, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  const expr = ((sf.statements[0] as ts.ExpressionStatement).expression as ts.ParenthesizedExpression).expression;
  return ts.isStringLiteral(expr) ? expr.text : undefined;
}

describe('jsLiteral', () => {
  const strings = [
    "a'b",
    'back\\slash',
    'line\nbreak',
    '\u2028\u2029',
    "'),evil(('",
    '${x}',
    '*/ </script>',
    'caf\u00e9 \u{1F600}',
    '\u0000\u001f\u007f',
  ];
  it.each(strings)('round-trips %j and prints only ASCII', (s) => {
    const lit = stringLiteral(s);
    expect(lit).toMatch(/^'[\x20-\x7e]*'$/);
    expect(decode(lit)).toBe(s);
  });

  it('refuses lone surrogates, non-finite numbers and functions', () => {
    expect(() => stringLiteral('\ud800')).toThrow(/surrogate/);
    expect(() => jsLiteral(Infinity)).toThrow();
    expect(() => jsLiteral(() => 1)).toThrow();
  });

  it('prints objects with quoted keys', () => {
    expect(jsLiteral({ a: [1, 'x'], 'b c': null, d: undefined })).toBe("{ 'a': [1, 'x'], 'b c': null }");
    expect(jsLiteral({ a: [{ b: 1 }], e: {} })).toBe("{ 'a': [{ 'b': 1 }], 'e': {} }");
  });
});
