import { LineCounter, parseAllDocuments, type Document } from 'yaml';
import { describe, expect, it } from 'vitest';
import { pointerOf } from '../../src/diagnostics/diagnostic.js';
import { jsonLocator } from '../../src/parse/json-locate.js';
import { makeLocator } from '../../src/parse/locate.js';

/** Every pointer into a value, and some that go astray (a missing key, an index too far, past a scalar). */
function pointers(value: unknown, at: (string | number)[] = []): string[] {
  const here = pointerOf(...at);
  const astray = [pointerOf(...at, 'missing'), pointerOf(...at, 99), pointerOf(...at, 0, 'x')];
  if (Array.isArray(value)) return [here, ...astray, ...value.flatMap((v, i) => pointers(v, [...at, i]))];
  if (value !== null && typeof value === 'object')
    return [here, ...astray, ...Object.entries(value).flatMap(([k, v]) => pointers(v, [...at, k]))];
  return [here, ...astray];
}

const TEXTS = [
  JSON.stringify(
    { apiVersion: 'v1', kind: 'List', items: [{ a: 1, b: [true, null, 'x'] }, { 'we/ird~key': { '': 2 } }] },
    null,
    4,
  ),
  '{"s":"a \\"quoted\\" }] string","n":-1.5e3,"o":{"e":{},"l":[]},"arr":[[1,[2]],{"k":"v"}]}',
  '  [ {"x" : 1 ,\n "y":[ 1 , 2 ]} ,\r\n "z" ]  ',
];

describe('jsonLocator: the positions makeLocator finds in the same text parsed as YAML, without parsing it', () => {
  it.each(TEXTS.map((t) => [t.slice(0, 40), t] as const))('%s', (_name, text) => {
    const lines = new LineCounter();
    const [doc] = parseAllDocuments(text, { lineCounter: lines }) as Document[];
    const byYaml = makeLocator('f.json', doc!, lines);
    const byScan = jsonLocator('f.json', text);
    for (const pointer of pointers(JSON.parse(text)))
      for (const at of ['value', 'key'] as const)
        expect(byScan(pointer, at), `${pointer} (${at})`).toEqual(byYaml(pointer, at));
  });
});
