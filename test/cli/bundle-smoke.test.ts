// The bundled CLI as a user runs it: one subprocess per command. Everything else about the commands is tested in-process
// (test/support/cli.ts), where a run costs milliseconds instead of a Node start.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundledPipyc, CLI } from '../support/cli.js';

const root = new URL('../../', import.meta.url).pathname;
const EXAMPLE = join(root, 'examples/sidecar.yaml');
const DEMO = join(root, 'examples/mesh/egress-demo.yaml');
const scratch = () => mkdtempSync(join(tmpdir(), 'pipyc-bundle-'));

describe('dist/cli.js, one run per command', () => {
  it('compile writes a codebase', () => {
    const out = join(scratch(), 'out');
    const r = bundledPipyc(['compile', EXAMPLE, '-o', out]);
    expect(r.code, r.err).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['egress-tables.txt', 'generation.txt', 'main.js', 'manifest.json']);
  });

  it('validate reads stdin', () => {
    expect(bundledPipyc(['validate', '-'], 'Spec: {}\n')).toMatchObject({ code: 0, out: '<stdin>: valid\n' });
  });

  it('explain answers', () => {
    const r = bundledPipyc(['explain', EXAMPLE, '--dst', '203.0.113.9:22']);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/^deny \(reset\) 203\.0\.113\.9:22/);
  });

  it('resolve prints a spec', () => {
    const r = bundledPipyc(['resolve', '-f', DEMO, '--identity', 'curl/curl', '--mesh-cidr', '10.96.0.0/12']);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/^# sidecar spec of ServiceAccount curl\/curl/);
  });

  it('verify names a folder that is no codebase (whether or not a Pipy is installed)', () => {
    const r = bundledPipyc(['verify', scratch()]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/PIPYC6005: .* is not a codebase: it has no manifest\.json/);
  });

  it('publish refuses a repo that is not a URL before any network', () => {
    const r = bundledPipyc(['publish', scratch(), '--repo', '127.0.0.1:1', '--codebase', '/x']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--repo must be an http:\/\/ or https:\/\/ URL/);
  });

  it('schema prints the JSON Schema; --version and --help answer', () => {
    expect(JSON.parse(bundledPipyc(['schema']).out)).toMatchObject({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
    });
    expect(bundledPipyc(['--version']).out).toMatch(/^\d+\.\d+\.\d+\n$/);
    expect(bundledPipyc(['--help']).out).toContain('compile [options] [spec]');
  });

  it('a reader that stops early ends the output quietly: no EPIPE stack trace when stdout closes (pipyc ... | true)', () => {
    const dir = scratch();
    writeFileSync(
      join(dir, 'run.sh'),
      `"${process.execPath}" "${CLI}" schema | true; "${process.execPath}" "${CLI}" compile "${EXAMPLE}" -o "${dir}/o" | true\n`,
    );
    const r = spawnSync('bash', [join(dir, 'run.sh')], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});
