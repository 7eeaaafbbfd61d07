import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { loadTable, TABLES } from '../support/tables.js';
import { hasStackTrace, pipyc } from '../support/cli.js';

const EXAMPLE = new URL('../../examples/sidecar.yaml', import.meta.url).pathname;

const noStackTrace = (s: string) => expect(hasStackTrace(s), s).toBe(false);

describe('pipyc CLI (main(argv, io), in this process)', () => {
  it('compiles the example and prints a summary', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'pipyc-cli-')), 'out');
    const r = await pipyc(['compile', EXAMPLE, '-o', out]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/compiled .*sidecar\.yaml -> .*out\/ \(target pipy-1\.5, listens on 15001\)/);
    expect(r.out).toMatch(/run: \(cd .* && pipy --log-level=info main\.js\)/);
    expect(readdirSync(out).sort()).toEqual(['egress-tables.txt', 'generation.txt', 'main.js', 'manifest.json']);
  });

  it('reads a spec from stdin', async () => {
    const r = await pipyc(['validate', '-'], 'Spec: {Traffic: {EnableEgress: true}}\n');
    expect(r).toMatchObject({ code: 0, out: '<stdin>: valid\n' });
  });

  it('exits 1 on an invalid spec with file:line:col, a code frame, a hint, no stack trace, and writes nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pipyc-cli-'));
    const spec = join(dir, 'bad.yaml');
    writeFileSync(spec, 'Spec:\n  Traffic:\n    EnableEgres: true\n');
    const out = join(dir, 'out');
    mkdirSync(out);
    writeFileSync(join(out, 'manifest.json'), '{"compiler":{"name":"pipyc"}}');
    const r = await pipyc(['compile', spec, '-o', out]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${spec}:3:5: error PIPYC2002: unknown field "EnableEgres" in /Spec/Traffic`);
    expect(r.err).toContain('  3 |     EnableEgres: true\n    |     ^');
    expect(r.err).toContain('hint: did you mean "EnableEgress"?');
    expect(r.err).toContain('nothing written');
    noStackTrace(r.err);
    expect(readdirSync(out)).toEqual(['manifest.json']);
    expect(readFileSync(join(out, 'manifest.json'), 'utf8')).toBe('{"compiler":{"name":"pipyc"}}');
  });

  it('exits 1 on unreadable input without a stack trace', async () => {
    const r = await pipyc(['validate', '/nonexistent/spec.yaml']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/PIPYC1001: cannot read \/nonexistent\/spec\.yaml: no such file/);
    noStackTrace(r.err);
  });

  it('exits 2 on usage errors, 0 for --help and --version', async () => {
    expect((await pipyc([])).code).toBe(2);
    expect((await pipyc(['compile', EXAMPLE])).code).toBe(2);
    expect((await pipyc(['frobnicate'])).code).toBe(2);
    expect(await pipyc(['--help'])).toMatchObject({
      code: 0,
      out: expect.stringContaining('compile [options] [spec]'),
    });
    expect(await pipyc(['--version'])).toMatchObject({ code: 0, out: expect.stringMatching(/^\d+\.\d+\.\d+\n$/) });
  });

  it('prints the JSON Schema', async () => {
    const r = await pipyc(['schema']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ $schema: 'https://json-schema.org/draft/2020-12/schema' });
  });

  it('prints machine-readable diagnostics with --json', async () => {
    const r = await pipyc(['validate', '-', '--json'], 'Spec: {Traffic: {MeshCIDRs: [10.0.0.1/8]}}\n');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out)).toMatchObject({
      ok: false,
      diagnostics: [{ code: 'PIPYC3001', pointer: '/Spec/Traffic/MeshCIDRs/0', position: { line: 1 } }],
    });
  });

  it('explains a decision', async () => {
    const spec = join(mkdtempSync(join(tmpdir(), 'pipyc-cli-')), 'spec.yaml');
    writeFileSync(
      spec,
      'Spec: {}\nEgressPolicies:\n  - Name: gh\n    Hosts: ["*.github.com"]\n    Ports: [{Number: 443, Protocol: https}]\n',
    );
    const allow = await pipyc(['explain', spec, '--dst', '203.0.113.5:443', '--sni', 'api.github.com']);
    expect(allow).toMatchObject({
      code: 0,
      out: expect.stringMatching(/^allow \(forward\) 203\.0\.113\.5:443 proto=tls policy=gh\nreason: sni-allowed/),
    });
    const deny = await pipyc(['explain', spec, '--dst', '203.0.113.5:443', '--sni', 'github.com', '--json']);
    expect(JSON.parse(deny.out)).toMatchObject({
      verdict: 'deny',
      outcome: 'reset',
      reason: 'sni-not-allowed',
      policy: null,
    });
    expect((await pipyc(['explain', spec, '--dst', 'nonsense'])).code).toBe(2);
  });
});

describe.each(TABLES)('pipyc explain answers every row of the decision table %s', (name) => {
  const table = loadTable(name);
  const spec = join(mkdtempSync(join(tmpdir(), 'pipyc-cli-')), 'spec.yaml');
  writeFileSync(spec, stringify(table.spec));
  it.each(table.rows.map((r) => [r.name, r] as const))('%s', async (_name, row) => {
    const p = row.probe;
    const args = ['explain', spec, '--dst', p.dst, '--protocol', p.protocol ?? 'tcp', '--json'];
    if (p.src !== undefined) args.push('--src', p.src);
    if (p.host !== undefined) args.push('--host', p.host);
    if (p.sni !== undefined) args.push('--sni', p.sni);
    if (p.method !== undefined) args.push('--method', p.method);
    if (p.path !== undefined) args.push('--path', p.path);
    for (const [k, v] of Object.entries(p.headers ?? {})) args.push('--header', `${k}=${v}`);
    for (const [k, v] of Object.entries(p.resolved ?? {})) args.push('--resolved', `${k}=${v.join(',')}`);
    for (const [k, v] of Object.entries(p.expired ?? {})) args.push('--expired', `${k}=${v.join(',')}`);
    const r = await pipyc(args);
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject(row.expect);
  });
});

describe('pipyc CLI: usage errors, refused writes', () => {
  it('rejects option values that are not what they say, as usage errors', async () => {
    for (const value of ['abc', '0', '-5', '1.5', '']) {
      const r = await pipyc(['verify', 'golden/sidecar/passthrough-on/expected', '--timeout', value]);
      expect(r.code, value).toBe(2);
      expect(r.err).toContain(`expects a whole number of milliseconds above 0, not "${value}"`);
      noStackTrace(r.err);
    }
  });

  it('refuses to compile into the current directory or under a file, saying why, and writes nothing', async () => {
    const here = await pipyc(['compile', EXAMPLE, '-o', '.']);
    expect(here.code).toBe(1);
    expect(here.err).toMatch(/PIPYC6001: refusing to write to \.: it is the current directory/);
    const file = join(mkdtempSync(join(tmpdir(), 'pipyc-cli-')), 'afile');
    writeFileSync(file, 'x');
    const under = await pipyc(['compile', EXAMPLE, '-o', join(file, 'sub')]);
    expect(under.code).toBe(1);
    expect(under.err).toMatch(/PIPYC6001: cannot write .*: a part of that path is a file, not a directory/);
    expect(under.err).not.toMatch(/internal error/);
    noStackTrace(here.err + under.err);
  });

  it('says "nothing written" only where a write was refused', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pipyc-cli-'));
    const spec = join(dir, 'bad.yaml');
    writeFileSync(spec, 'Spec:\n  SidecarTimeout: -1\n');
    const validate = await pipyc(['validate', spec]);
    expect(validate.code).toBe(1);
    expect(validate.err).toMatch(/pipyc: \S+bad\.yaml: 1 error\n$/);
    expect(validate.err).not.toContain('nothing written');
    const explain = await pipyc(['explain', spec, '--dst', '203.0.113.1:80']);
    expect(explain.code).toBe(1);
    expect(explain.err).not.toContain('nothing written');
    const compile = await pipyc(['compile', spec, '-o', join(dir, 'out')]);
    expect(compile.err).toMatch(/pipyc: 1 error; nothing written\n$/);
  });
});

describe('pipyc explain as a CI assertion', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pipyc-expect-'));
  const spec = join(dir, 'spec.yaml');
  writeFileSync(
    spec,
    'Spec: {Traffic: {EnableEgress: false}}\nEgressPolicies:\n  - {Name: gh, Hosts: [api.github.com], Ports: [{Number: 443, Protocol: https}]}\n  - {Name: web, Hosts: [a.example], Ports: [{Number: 80, Protocol: http}]}\n',
  );

  it('rejects flags that contradict each other or do not apply, as usage errors (exit 2)', async () => {
    const cases: [string[], RegExp][] = [
      [['--dst', '203.0.113.5:443', '--host', 'a', '--sni', 'b'], /--host \(HTTP\) and --sni \(TLS\)/],
      [
        ['--dst', '203.0.113.5:80', '--host', 'a', '--protocol', 'tcp'],
        /--host is an HTTP header, but --protocol is tcp/,
      ],
      [
        ['--dst', '203.0.113.5:443', '--sni', 'a', '--protocol', 'http'],
        /--sni is a TLS server name, but --protocol is http/,
      ],
      [['--dst', '203.0.113.5:80', '--path', '/x'], /--path describes an HTTP request/],
      [
        ['--dst', '203.0.113.5:80', '--method', 'POST', '--header', 'a=b', '--protocol', 'tls'],
        /--method, --header describe an HTTP request/,
      ],
      [['--dst', '203.0.113.5:80', '--host', 'a', '--header', 'novalue'], /--header takes name=value, not "novalue"/],
      [['--host', 'a'], /needs --dst/],
      [['--dst', '203.0.113.5:80', '--expect', 'maybe'], /argument 'maybe' is invalid/],
      [['--probes', spec, '--dst', '203.0.113.5:80'], /--probes takes its probes from the file; drop --dst/],
      [['--probes', spec, '--src', '192.0.2.1'], /--probes takes its probes from the file; drop --src/],
      [
        ['--dst', '192.0.2.1:15001', '--src', '192.0.2.1:80'],
        /--src must be an IPv4 or IPv6 address, not "192\.0\.2\.1:80"/,
      ],
      [
        ['--dst', '203.0.113.5:5432', '--resolved', 'db.example.com'],
        /--resolved takes name=address\[,address\.\.\.\], not "db\.example\.com"/,
      ],
      [
        ['--dst', '203.0.113.5:5432', '--expired', 'db.example.com=203.0.113.5,db2'],
        /--expired db\.example\.com: "db2" is not an IPv4 or IPv6 address/,
      ],
      [['--probes', spec, '--resolved', 'a=203.0.113.5'], /--probes takes its probes from the file; drop --resolved/],
    ];
    for (const [args, message] of cases) {
      const r = await pipyc(['explain', spec, ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err).toMatch(message);
    }
  });

  it('--expect exits 1 when the verdict differs, 0 when it matches', async () => {
    expect(
      (await pipyc(['explain', spec, '--dst', '203.0.113.5:443', '--sni', 'api.github.com', '--expect', 'allow'])).code,
    ).toBe(0);
    const miss = await pipyc([
      'explain',
      spec,
      '--dst',
      '203.0.113.5:443',
      '--sni',
      'evil.example',
      '--expect',
      'allow',
    ]);
    expect(miss.code).toBe(1);
    expect(miss.out).toContain('MISMATCH: expected allow');
    expect(
      JSON.parse(
        (
          await pipyc([
            'explain',
            spec,
            '--dst',
            '203.0.113.5:443',
            '--sni',
            'evil.example',
            '--expect',
            'deny',
            '--json',
          ])
        ).out,
      ),
    ).toMatchObject({ ok: true, verdict: 'deny', met: true });
  });

  it('--probes answers one line per probe and exits 1 on any expectation missed; bad probes are located', async () => {
    const probes = join(dir, 'probes.yaml');
    writeFileSync(
      probes,
      '- {dst: 203.0.113.5:443, sni: api.github.com, expect: allow}\n- {dst: 203.0.113.5:80, host: a.example, path: /x, expect: allow}\n- {dst: 203.0.113.5:80, host: b.example, expect: deny}\n- {dst: 203.0.113.5:22}\n',
    );
    const ok = await pipyc(['explain', spec, '--probes', probes]);
    expect(ok.code, ok.err).toBe(0);
    expect(ok.out.trim().split('\n')).toEqual([
      'allow (forward) 203.0.113.5:443 proto=tls policy=gh reason=sni-allowed',
      'allow (forward) 203.0.113.5:80 proto=http policy=web reason=http-policy',
      'deny (http-403) 203.0.113.5:80 proto=http reason=host-not-allowed',
      'deny (reset) 203.0.113.5:22 proto=tcp reason=no-policy-for-port',
    ]);
    writeFileSync(
      probes,
      '- {dst: 203.0.113.5:443, sni: evil.example, expect: allow}\n- {dst: 203.0.113.5:443, sni: api.github.com}\n',
    );
    const miss = await pipyc(['explain', spec, '--probes', probes, '--json']);
    expect(miss.code).toBe(1);
    expect(JSON.parse(miss.out)).toMatchObject({
      ok: false,
      results: [{ verdict: 'deny', expect: 'allow', met: false }, { verdict: 'allow' }],
    });
    writeFileSync(probes, '- {dst: 203.0.113.5:443}\n- {dst: 203.0.113.5:443, protocol: udp}\n');
    const bad = await pipyc(['explain', spec, '--probes', probes]);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(
      /probes\.yaml:2:\d+: error PIPYC1007: probe 1: protocol must be one of tcp, tls, http, not "udp"/,
    );
  });
});

describe('one voice', () => {
  it("every CLI message starts with 'pipyc:' or a location, commander's own errors too", async () => {
    for (const args of [
      ['compile', 'x.yaml'],
      ['frobnicate'],
      ['compile', 'x.yaml', '-o', 'o', '--bogus'],
      ['explain', 'x.yaml', '--dst', '203.0.113.1:1', '--protocol', 'udp'],
    ]) {
      const r = await pipyc(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err.split('\n')[0]).toMatch(/^pipyc: /);
      expect(r.err).not.toMatch(/^error: /m);
    }
  });
});

describe('pipyc validate with several files', () => {
  it('reports each file, accepts directories, and exits 1 if any fails', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pipyc-many-'));
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'a.yaml'), 'Spec: {}\n');
    writeFileSync(join(dir, 'sub', 'b.json'), '{"Spec": {"SidecarTimeout": -1}}');
    writeFileSync(join(dir, 'notes.txt'), 'not a spec');
    const r = await pipyc(['validate', join(dir, 'a.yaml'), join(dir, 'sub')]);
    expect(r.code).toBe(1);
    expect(r.out).toBe(`${join(dir, 'a.yaml')}: valid\n`);
    expect(r.err).toMatch(/sub\/b\.json:1:\d+: error PIPYC2001/);
    expect(r.err).toMatch(/pipyc: 1 of 2 files valid\n$/);
    const all = await pipyc(['validate', dir, '--json']);
    expect(JSON.parse(all.out)).toMatchObject({
      ok: false,
      files: [{ file: join(dir, 'a.yaml'), diagnostics: [] }, { file: join(dir, 'sub', 'b.json') }],
    });
    expect((await pipyc(['validate', join(dir, 'a.yaml'), join(dir, 'a.yaml')])).code).toBe(0);
  });
});

describe('pipyc compile --target', () => {
  it("records the target and the target's log level in the manifest; an unknown target is a usage error", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pipyc-target-'));
    const spec = join(dir, 'spec.yaml');
    writeFileSync(spec, 'Spec: {SidecarLogLevel: info}\n');
    const r = await pipyc(['compile', spec, '-o', join(dir, 'out'), '--target', 'pipy-0.90', '--json']);
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out).manifest).toMatchObject({
      target: 'pipy-0.90',
      pipy: { commandLine: 'pipy --log-level=error main.js' },
    });
    expect(JSON.parse((await pipyc(['compile', spec, '-o', join(dir, 'out15'), '--json'])).out).manifest).toMatchObject(
      { target: 'pipy-1.5', pipy: { commandLine: 'pipy --log-level=info main.js' } },
    );
    const bad = await pipyc(['compile', spec, '-o', join(dir, 'x'), '--target', 'pipy-2']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/^pipyc: option '--target <pipy>' argument 'pipy-2' is invalid/);
  });
});
