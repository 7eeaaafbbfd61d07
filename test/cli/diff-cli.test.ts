import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { pipyc } from '../support/cli.js';

const golden = (path: string) => new URL(`../../golden/diff/${path}`, import.meta.url).pathname;

describe('pipyc diff', () => {
  it('two specs: the golden text, exit 1 when they differ', async () => {
    const r = await pipyc([
      'diff',
      golden('specs/from.yaml'),
      golden('specs/to.yaml'),
      '--probes',
      golden('specs/probes.yaml'),
    ]);
    expect(r.code, r.err).toBe(1);
    const expected = readFileSync(golden('specs/expected/diff.txt'), 'utf8');
    expect(r.out).toBe(expected.replaceAll('golden/diff/', `${golden('')}`));
  });

  it('two sets of objects, --json: the golden JSON', async () => {
    const r = await pipyc([
      'diff',
      '-f',
      golden('objects/from'),
      '--to',
      golden('objects/to'),
      '--format',
      'osm-edge-plugin',
      '--probes',
      golden('objects/probes.yaml'),
      '--json',
    ]);
    expect(r.code, r.err).toBe(1);
    const { ok, ...rest } = JSON.parse(r.out);
    expect(ok).toBe(true);
    expect(rest).toEqual(JSON.parse(readFileSync(golden('objects/expected/diff.json'), 'utf8')));
  });

  it('exit 0 when nothing differs, objects from stdin on one side', async () => {
    const text = readFileSync(golden('no-change/from/objects.yaml'), 'utf8');
    const r = await pipyc(['diff', '-f', '-', '--to', golden('no-change/to'), '--format', 'osm-edge-plugin'], text);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/\(no difference\)\n$/);
  });

  it.each([
    [['diff', 'a.yaml'], /give two specs \(from, to\), or -f <objects> --to <objects>/],
    [['diff', '-f', 'a.yaml'], /-f <objects before> and --to <objects after> go together/],
    [
      ['diff', 'a.yaml', 'b.yaml', '-f', 'c.yaml', '--to', 'd.yaml'],
      /give two specs, or -f <objects> --to <objects>, not both/,
    ],
    [['diff', '-', '-'], /'-' \(stdin\) can be read once/],
    [['diff', 'a.yaml', 'b.yaml', '--audit', 'shop'], /--audit, --mesh-cidr and --egress-default go with -f/],
    [['diff', '-f', 'a', '--to', 'b', '--audit', 'Shop'], /--audit "Shop"/],
  ])('%j is a usage error (exit 2)', async (args, message) => {
    const r = await pipyc(args);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
  });

  it('a bad input is exit 2 with its located diagnostics, not "differs"', async () => {
    const r = await pipyc(['diff', golden('specs/from.yaml'), '-'], 'Spec: {SidecarLogLevel: loud}\n');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/<stdin>:1:\d+: error PIPYC\d+: .*SidecarLogLevel/);
    const missing = await pipyc(['diff', golden('specs/from.yaml'), '/nonexistent/spec.yaml']);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/nonexistent/);
    expect(missing.err).not.toMatch(/at .*\.ts:\d+/);
  });
});
