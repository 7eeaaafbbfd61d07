import { describe, expect, it } from 'vitest';
import { CheckedShapes, checkGenerated } from '../../src/check/check.js';

let memory = new CheckedShapes();
const check = (code: string) =>
  checkGenerated([{ file: { path: 'main.js', contents: code }, dialect: 'pipyjs' }], memory);
const wrap = (inner: string) =>
  `((\n  f = x => ${inner},\n) => pipy({ _a: 1 })\n.listen(1)\n.onStart(() => void (_a = f(2)))\n)()\n`;

describe('checkGenerated (the PipyJS dialect of the generated files)', () => {
  it('accepts a one-expression legacy script', () => {
    expect(check(wrap('x + 1'))).toEqual([]);
  });

  const forbidden: [string, string][] = [
    ['let', 'let y = 1\n' + wrap('x')],
    ['a second statement', wrap('x') + 'pipy()\n'],
    ['a semicolon', wrap('x').trimEnd() + ';\n'],
    ['a block-bodied arrow', wrap('{ return x }')],
    ['a function expression', wrap('function () { return x }')],
    ['a class', wrap('class {}')],
    ['a regex literal', wrap('/a+/.test(x)')],
    ['this', wrap('this.x')],
    ['async', wrap('async () => x')],
    ['spread in a call', wrap('Math.max(...x)')],
    ['a rest parameter', wrap('((...a) => a)(x)')],
    ['a getter', wrap('({ get a() { return 1 } })')],
    ['method shorthand', wrap('({ a() { return 1 } })')],
    ['a tagged template', wrap('String.raw`x`')],
  ];
  it.each(forbidden)('rejects %s', (_name, code) => {
    const problems = check(code);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]).toMatchObject({ code: expect.stringMatching(/^PIPYC500[12]$/), position: { file: 'main.js' } });
  });

  it('rejects a syntax error at its line and column', () => {
    expect(check('((\n  a = ,\n) => a)()\n')[0]).toMatchObject({ code: 'PIPYC5001', position: { line: 2, column: 7 } });
  });

  it('rejects an unknown identifier, and a context variable used outside the pipy() chain', () => {
    expect(check(wrap('nope(x)'))[0]).toMatchObject({ code: 'PIPYC5003', message: expect.stringContaining('"nope"') });
    expect(check(wrap('_a + x'))[0]).toMatchObject({
      code: 'PIPYC5003',
      message: expect.stringContaining('only exist inside the pipy() chain'),
    });
  });

  it('rejects an arrow function as the bare middle of a conditional (Pipy 0.90.3 cannot parse it), not a parenthesised one', () => {
    expect(check(wrap('x ? $ => $ : $ => $'))[0]).toMatchObject({
      code: 'PIPYC5002',
      message: expect.stringContaining("'? :'"),
    });
    expect(check(wrap('x ? ($ => $) : $ => $'))).toEqual([]);
  });

  it('rejects a helper defined twice (two parameters of one name)', () => {
    expect(check('((\n  seen = [],\n  x = 1,\n  seen = 2,\n) => pipy({}))()\n')[0]).toMatchObject({
      code: 'PIPYC5003',
      message: '"seen" is a parameter twice',
      position: { line: 4 },
    });
  });
});

describe('checkGenerated remembers token skeletons that passed', () => {
  it('passes a file that differs from a checked one only inside literals, without a second full check', () => {
    memory = new CheckedShapes();
    expect(check(wrap("'a' + 1"))).toEqual([]);
    expect(memory.fullChecks).toBe(1);
    expect(check(wrap("'b\\u0027 + nope(x) + \\u0027' + 2"))).toEqual([]);
    expect(memory.fullChecks).toBe(1);
    expect(check(wrap("'a' + 1 + x"))).toEqual([]);
    expect(memory.fullChecks).toBe(2);
  });

  it('passes a text checked before without a second full check, also one whose skeleton cannot be read (a /)', () => {
    memory = new CheckedShapes();
    expect(check(wrap('x / 2'))).toEqual([]);
    expect(check(wrap('x / 2'))).toEqual([]);
    expect(memory.fullChecks).toBe(1);
    expect(check(wrap('x / 3'))).toEqual([]);
    expect(memory.fullChecks).toBe(2);
  });

  it('forgets the oldest shape beyond its limit', () => {
    memory = new CheckedShapes(1);
    check(wrap('x + 1'));
    check(wrap('x + 1 + x'));
    check(wrap('x + 2'));
    expect(memory.fullChecks).toBe(3);
  });

  it('still checks a file whose tokens differ, however similar', () => {
    expect(check(wrap("'a' + 1"))).toEqual([]);
    expect(check(wrap("'a' + nope(1)"))[0]).toMatchObject({ code: 'PIPYC5003' });
    expect(check(wrap("'a' + 1").trimEnd() + ';\n')[0]).toMatchObject({ code: 'PIPYC5002' });
  });

  it('does not trust a scan where a literal could hide code (a slash that may start a regular expression)', () => {
    expect(check(wrap("x / 2 + '/'"))).toEqual([]);
    expect(check(wrap("x / 2 + '/' + /'/.test(x) + ''"))[0]).toMatchObject({ code: 'PIPYC5002' });
    expect(check(wrap("/'/.test(x), nope(x), '/'")).length).toBeGreaterThan(0);
  });
});

describe('checkGenerated in the tables dialect (egress-tables.txt as the script reads it)', () => {
  const tables = (text: string) =>
    checkGenerated([{ file: { path: 'egress-tables.txt', contents: text }, dialect: 'tables' }], new CheckedShapes());
  it('accepts comments, section headers and fields of the table charset', () => {
    expect(
      tables(
        '# a comment\n[mesh] <CIDR>\n10.0.0.0/8\n[classes] <class> <parts>\n# class 0: ports 80: a (http)\n0 tcp+http\n',
      ),
    ).toEqual([]);
  });
  it.each([
    ['a field with a quote', "[mesh] <CIDR>\n10.0.0.0/8'\n", 2],
    ['a row before any section', '10.0.0.0/8\n', 1],
    ['a comment with a control character', '# a\u0007b\n', 1],
    ['two spaces between fields', '[ports] <port> <class>\n80  0\n', 2],
    ['a broken section header', '[mesh <CIDR>\n', 1],
  ])('rejects %s, at its line', (_name, text, line) => {
    expect(tables(text)).toEqual([
      expect.objectContaining({ code: 'PIPYC5002', position: { file: 'egress-tables.txt', line, column: 1 } }),
    ]);
  });
});
