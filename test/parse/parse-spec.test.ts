import { describe, expect, it } from 'vitest';
import { parseSpec } from '../../src/parse/parse-spec.js';

const parse = (text: string, name = 'spec.yaml') => parseSpec({ name, text });
const failure = (text: string, name?: string) => {
  const r = parse(text, name);
  if (r.kind !== 'failed') throw new Error('expected a failure');
  return r.diagnostics[0]!;
};

describe('parseSpec', () => {
  it('reads YAML and JSON into plain data', () => {
    expect(parse('Spec: {Traffic: {EnableEgress: true}}')).toMatchObject({
      kind: 'parsed',
      value: { Spec: { Traffic: { EnableEgress: true } } },
    });
    expect(parse('{"Spec": {}}', 'spec.json')).toMatchObject({ kind: 'parsed', value: { Spec: {} } });
  });

  it('accepts and drops a UTF-8 byte order mark', () => {
    expect(parse('\ufeffSpec: {}')).toMatchObject({ kind: 'parsed', value: { Spec: {} } });
  });

  it('reports strict JSON errors at line:column', () => {
    expect(failure('{\n  "Spec": {},\n}', 'spec.json')).toMatchObject({
      code: 'PIPYC1002',
      message: 'invalid JSON: a comma before the closing bracket (JSON allows no trailing comma)',
      hint: 'remove the comma',
      position: { file: 'spec.json', line: 2, column: 13 },
    });
  });

  it('decides strict JSON by content, whatever the name: stdin and .yaml files too', () => {
    for (const name of ['<stdin>', 'spec.yaml', 'spec.json']) {
      expect(failure('{\n  "Spec": {},\n}', name), name).toMatchObject({
        code: 'PIPYC1002',
        position: { line: 2, column: 13 },
      });
    }
    // A YAML flow mapping with unquoted keys is YAML, not JSON.
    expect(parseSpec({ name: '<stdin>', text: '{Spec: {Traffic: {EnableEgress: true}},}' })).toMatchObject({
      kind: 'parsed',
    });
  });

  it('rejects duplicate keys with their position', () => {
    expect(failure('Spec: {}\nSpec: {}\n')).toMatchObject({ code: 'PIPYC1003', position: { line: 2, column: 1 } });
  });

  it('rejects empty input, several documents, and NUL bytes', () => {
    expect(failure('  \n')).toMatchObject({ code: 'PIPYC1004' });
    expect(failure('Spec: {}\n---\nSpec: {}\n')).toMatchObject({ code: 'PIPYC1005', position: { line: 2 } });
    expect(failure('Spec: {}\u0000')).toMatchObject({ code: 'PIPYC1002' });
  });

  it('refuses an alias bomb instead of expanding it', () => {
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x]',
      ...'bcdefgh'.split('').map(
        (c, i) =>
          `${c}: &${c} [${Array(9)
            .fill('*' + 'abcdefgh'[i])
            .join(', ')}]`,
      ),
    ].join('\n');
    expect(failure(bomb)).toMatchObject({ code: 'PIPYC1006' });
  });

  it('gives a YAML syntax error a position', () => {
    expect(failure('Spec:\n  Traffic: [1, 2\n')).toMatchObject({ code: 'PIPYC1002', position: { file: 'spec.yaml' } });
  });
});
