import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { LineCounter, parseAllDocuments, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { pointerOf } from '../../src/diagnostics/diagnostic.js';
import { readBlockYaml } from '../../src/parse/block-yaml.js';
import { makeLocator } from '../../src/parse/locate.js';

/** What the `yaml` library makes of a text: each document that holds a value, and its locator. */
function byLibrary(text: string) {
  const lines = new LineCounter();
  return parseAllDocuments(text, { lineCounter: lines, uniqueKeys: true })
    .filter((d) => d.contents !== null && d.errors.length === 0)
    .map((d) => ({ value: d.toJS() as unknown, locate: makeLocator('f.yaml', d, lines) }))
    .filter((d) => d.value !== null && d.value !== undefined);
}

/** Every pointer into a value (its members', recursively), and one past each collection's members. */
function pointers(value: unknown, path: (string | number)[] = []): string[] {
  const here = [pointerOf(...path), pointerOf(...path, 'missing')];
  if (Array.isArray(value)) return [...here, ...value.flatMap((v, i) => pointers(v, [...path, i]))];
  if (value !== null && typeof value === 'object')
    return [...here, ...Object.entries(value).flatMap(([k, v]) => pointers(v, [...path, k]))];
  return here;
}

/** The fast reader agrees with the library, value and position, wherever it reads the text at all. */
function agrees(text: string): 'read' | 'left' {
  const fast = readBlockYaml('f.yaml', text);
  if (fast === undefined) return 'left';
  const slow = byLibrary(text);
  expect(
    fast.map((d) => d.value),
    text,
  ).toEqual(slow.map((d) => d.value));
  fast.forEach((doc, i) => {
    for (const p of pointers(doc.value))
      for (const at of ['value', 'key'] as const)
        expect(doc.locate(p, at), `${at} of ${p} in\n${text}`).toEqual(slow[i]!.locate(p, at));
  });
  return 'read';
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return yamlFiles(path);
    return /\.ya?ml$/.test(name) ? [path] : [];
  });
}

describe('the fast reader of block YAML (kubectl get -o yaml)', () => {
  it("reads what the yaml library reads in every YAML file of the repository's cases, or leaves it to the library", () => {
    const files = ['golden', 'examples', 'test/fixtures', 'test/bad-objects', 'test/bad-inputs'].flatMap(yamlFiles);
    const read = files.filter((f) => agrees(readFileSync(f, 'utf8')) === 'read');
    // Most of them are in the subset: the test compares, not only falls back.
    expect(read.length).toBeGreaterThan(files.length / 2);
  });

  it.each([
    [
      'mappings and sequences, nested, compact in sequences',
      'a:\n  b: 1\n  c:\n  - x\n  - y: 2\n    z: [3, "4"]\nd: no',
    ],
    ["a sequence at its key's indent, then the next key", 'items:\n- a: 1\n  b: 2\n- - c\n  - d\nnext: e\n'],
    ['comments everywhere', '# top\na: 1 # one\n# between\nb:   # empty\n  # inside\n  c: 2\nd:\n'],
    [
      'core schema scalars',
      'a: [~, null, Null, NULL, true, False, 0o17, 0x1F, 12, -3, +4, 1.5, .5, 1e3, .inf, -.Inf, .nan, 007, 1_0, yes]\n',
    ],
    [
      'quoted scalars and keys',
      '"k 1": \'it\'\'s\'\n\'k:2\': "tab\\tq\\" \\u00e9 \\x41 \\\\"\nk3: "a: b # not a comment"\n',
    ],
    ['plain scalars with indicators inside', 'url: http://a.example/x?y=1#z\nneg: -1\nx: a:b\ny: [a:b, c]\nz: -x\n'],
    [
      'literal block scalars',
      'a: |\n  line 1\n\n    indented\n  last\nb: |-\n  stripped\nc: |+\n  kept\n\nd: |\n  x\n\n\ne: 1\n',
    ],
    ['flow collections', 'a: {b: 1, "c": [d, {e: f}], g: }\nh: []\ni: {}\nj: [a, b, ]\n'],
    ['several documents', '---\na: 1\n---\n# nothing\n---\n- b\n'],
    [
      'kubectl List',
      'apiVersion: v1\nitems:\n- apiVersion: policy.openservicemesh.io/v1alpha1\n  kind: Egress\n  metadata:\n    annotations:\n      kubectl.kubernetes.io/last-applied-configuration: |\n        {"apiVersion":"v1"}\n    name: e\n  spec:\n    hosts:\n    - httpbin.org\n    ports:\n    - number: 80\n      protocol: http\nkind: List\nmetadata:\n  resourceVersion: ""\n',
    ],
  ])('%s', (_name, text) => {
    expect(agrees(text)).toBe('read');
  });

  it.each([
    ['an anchor and an alias', 'a: &x 1\nb: *x\n'],
    ['a tag', 'a: !!str 1\n'],
    ['a duplicate key', 'a: 1\na: 2\n'],
    ['a multi-line plain scalar', 'a: one\n  two\n'],
    ['a multi-line quoted scalar', 'a: "one\n  two"\n'],
    ['a folded block scalar', 'a: >\n  x\n'],
    ['a tab', 'a:\t1\n'],
    ['CRLF', 'a: 1\r\nb: 2\r\n'],
    ['a complex key', '? a\n: b\n'],
    ['a directive', '%YAML 1.2\n---\na: 1\n'],
    ['a merge key', 'a: 1\n<<: {b: 2}\n'],
    ['a key the core schema reads as a number', '80: http\n'],
    ['a bad indent', 'a:\n  b: 1\n c: 2\n'],
    ['a comment without a space', 'a: [1]#c\n'],
    ['a document end marker', 'a: 1\n...\n'],
    ['a document that is a block scalar', '|\n---\n'],
  ])('leaves %s to the yaml library', (_name, text) => {
    expect(readBlockYaml('f.yaml', text)).toBeUndefined();
  });

  it('agrees with the library on 1,000 random documents as the library prints them', () => {
    const scalar = fc.oneof(
      fc.string(),
      fc.constantFrom(
        '',
        '~',
        'null',
        'true',
        'no',
        '0x1F',
        '0o7',
        '1e3',
        '.inf',
        '-',
        '- a',
        'a: b',
        '#x',
        "it's",
        '"q"',
      ),
      fc.integer(),
      fc.double({ noNaN: true }),
      fc.boolean(),
      fc.constant(null),
    );
    const key = fc.oneof(fc.string({ minLength: 1 }), fc.constantFrom('a', 'b b', 'c:d', '-e', 'true', '1', "'q'"));
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, scalar, tie('list'), tie('map')),
      list: fc.array(tie('node'), { maxLength: 4 }),
      map: fc.dictionary(key, tie('node'), { maxKeys: 4 }),
    })).node;
    let read = 0;
    fc.assert(
      fc.property(value, fc.constantFrom(0, 80, 1000), fc.boolean(), (v, lineWidth, flow) => {
        const text = stringify(v, { lineWidth, collectionStyle: flow ? 'flow' : 'any' });
        if (agrees(text) === 'read') read++;
      }),
      { numRuns: 1000, seed: 42 },
    );
    expect(read).toBeGreaterThan(300);
  });
});
