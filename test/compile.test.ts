import { describe, expect, it } from 'vitest';
import { compile, compileValue, PipycError } from '../src/index.js';
import { loadTable } from './support/tables.js';

const spec = loadTable('egress-policies').spec as { Spec: object; EgressPolicies: object[] };

describe('compile', () => {
  it('gives the same bytes for the same input', () => {
    const a = compileValue(spec).files;
    const b = compileValue(structuredClone(spec)).files;
    expect(b).toEqual(a);
  });

  it('does not depend on the order of policies, hosts or CIDRs', () => {
    const shuffled = {
      ...spec,
      EgressPolicies: [...spec.EgressPolicies].reverse().map((p) => {
        const q = { ...(p as Record<string, unknown>) };
        for (const k of ['Hosts', 'IPAddresses'] as const)
          if (Array.isArray(q[k])) q[k] = [...(q[k] as unknown[])].reverse();
        return q;
      }),
    };
    expect(compileValue(shuffled).files).toEqual(compileValue(spec).files);
  });

  it('leaves its input untouched', () => {
    const input = structuredClone(spec);
    compileValue(input);
    expect(input).toEqual(spec);
  });

  it('returns files, a manifest with hashes and the Pipy command line, and warnings', () => {
    const result = compile({ Spec: { SidecarLogLevel: 'info', Traffic: { EnableEgress: true, OutboundPort: 15111 } } });
    expect(result.files.map((f) => f.path)).toEqual(['main.js', 'generation.txt', 'manifest.json']);
    expect(result.manifest).toMatchObject({
      compiler: { name: 'pipyc' },
      target: 'pipy-1.5',
      entry: 'main.js',
      listenPort: 15111,
      pipy: { argv: ['pipy', '--log-level=info', 'main.js'], commandLine: 'pipy --log-level=info main.js' },
    });
    expect(result.manifest.specSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(result.manifest.files[0]).toMatchObject({
      path: 'main.js',
      bytes: Buffer.byteLength(result.files[0]!.contents),
    });
    expect(result.warnings).toEqual([]);
  });

  it('hashes the normalised spec, so equivalent spellings share a hash', () => {
    const a = compile({ Spec: { Traffic: { MeshCIDRs: ['2001:DB8::1', '10.0.0.0/8'] } } }).manifest.specSha256;
    const b = compile({
      Spec: {
        SidecarLogLevel: 'error',
        Traffic: { EnableEgress: false, MeshCIDRs: ['10.0.0.0/8', '2001:db8::1/128'], OutboundPort: 15001 },
      },
    }).manifest.specSha256;
    expect(a).toBe(b);
  });

  it('maps each log level to the Pipy level that shows its lines, and emits no logging code when off', () => {
    const level = (SidecarLogLevel: string) => compileValue({ Spec: { SidecarLogLevel } });
    expect(level('trace').manifest.pipy.argv[1]).toBe('--log-level=debug:user');
    expect(level('info').manifest.pipy.argv[1]).toBe('--log-level=info');
    expect(level('warning').manifest.pipy.argv[1]).toBe('--log-level=warn');
    // error and critical (osm-edge's default): refusals only, bounded, as ERROR lines every Pipy 1.5 level shows.
    for (const quiet of ['error', 'critical']) {
      expect(level(quiet).manifest.pipy.argv[1]).toBe('--log-level=error');
      expect(level(quiet).files[0]!.contents).toMatch(/writeLine = line => console\.error\(line\)/);
      expect(level(quiet).files[0]!.contents).not.toMatch(/console\.log/);
    }
    expect(level('off').manifest.pipy.argv[1]).toBe('--log-level=error');
    // Only the line that says the script is not for Pipy 0.90 remains.
    expect(level('off').files[0]!.contents).not.toMatch(/console\.log|writeLine|logDecision/);
  });

  it('throws a PipycError carrying every diagnostic for a bad spec', () => {
    try {
      compileValue({ Spec: { Traffic: { EnableEgres: true, MeshCIDRs: 'x' } } });
      expect.fail('compile should throw');
    } catch (e) {
      expect(e).toBeInstanceOf(PipycError);
      expect((e as PipycError).diagnostics.map((d) => d.code)).toEqual(['PIPYC2002', 'PIPYC2004']);
    }
  });

  it('emits only the machinery a spec needs', () => {
    const tcpOnly = compile({ Spec: {}, EgressPolicies: [{ Name: 't', Ports: [{ Number: 22, Protocol: 'tcp' }] }] })
      .files[0]!.contents;
    expect(tcpOnly).not.toMatch(/demuxHTTP|handleTLSClientHello|detectProtocol|v6Keys|RegExp/);
    const passthrough = compile({ Spec: { Traffic: { EnableEgress: true } } }).files[0]!.contents;
    expect(passthrough).not.toMatch(/portClass|detectProtocol/);
  });
});
