// A sniffed part added from outside src/ (test/protocols/sample-part/: its home and its templates), registered beside
// pipyc's own: lowering, the tables, the templates' slots (its `detect` slot among them), the check, explain() and the
// simulated Pipy take it as they take pipyc's parts, and real Pipy loads what it generates.
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Simulator } from '../../lab/simulator.js';
import { CheckedShapes, checkGenerated } from '../../src/check/check.js';
import { frontEnd } from '../../src/compile/front-end.js';
import type { Probe } from '../../src/decision/probe.js';
import { decide } from '../../src/explain/decide.js';
import { generate } from '../../src/generate/generate.js';
import { loadTemplateSources } from '../../src/generate/template-sources.js';
import { compileTemplates } from '../../src/generate/templates.js';
import { lower } from '../../src/lower/lower.js';
import type { SidecarModel } from '../../src/normalize/model.js';
import { sidecarIR } from '../../src/outputs/sidecar/ir.js';
import { parseValue } from '../../src/parse/parse-spec.js';
import { PROTOCOLS, protocolRegistry, REGISTRY } from '../../src/protocols/registry.js';
import { PIPYC_VERSION } from '../../src/version.js';
import { buildManifest, fileRecord, manifestFile } from '../../src/manifest/manifest.js';
import { verifyCodebase } from '../../src/verify/verify.js';
import { writeCodebase } from '../../src/write/write-codebase.js';
import { announceSkip, realPipyMissing } from '../support/environment.js';
import { POSTGRES } from './sample-part/home.js';

const registry = protocolRegistry([...PROTOCOLS, POSTGRES]);
const templatesDir = new URL('./sample-part/templates/', import.meta.url).pathname;
/** pipy-templates/ with the part's templates where its home's would be. */
const sources = {
  ...loadTemplateSources(),
  ...Object.fromEntries(
    readdirSync(templatesDir).map((f) => [
      `protocols/postgres/${f.slice(0, -4)}`,
      readFileSync(join(templatesDir, f), 'utf8'),
    ]),
  ),
};
const templates = compileTemplates(sources, registry.generations);

/**
 * The model of a spec whose policies named `postgres` on some ports: a protocol the spec's schema does not know, so
 * the spec says tcp there and the model is told otherwise (as a spec would once the word is in POLICY_PROTOCOLS).
 */
function model(): SidecarModel {
  const spec = {
    Spec: { SidecarLogLevel: 'info' },
    EgressPolicies: [
      { Name: 'db', IPAddresses: ['203.0.113.20/32'], Ports: [{ Number: 5432, Protocol: 'tcp' }] },
      { Name: 'web', Hosts: ['a.example'], Ports: [{ Number: 5432, Protocol: 'http' }] },
      { Name: 'api', Hosts: ['api.example'], Ports: [{ Number: 443, Protocol: 'https' }] },
    ],
  };
  const result = frontEnd(parseValue(spec), REGISTRY);
  if (result.kind === 'failed') throw new Error(JSON.stringify(result.diagnostics));
  const policies = result.model.policies.map((p) =>
    p.name === 'db' ? { ...p, ports: p.ports.map((r) => ({ ...r, protocol: 'postgres' as never })) } : p,
  );
  return { ...result.model, policies };
}

function codebase(): Record<string, string> {
  const lowered = lower(model(), registry.lowerings, 'pipy-1.5');
  const files = generate(sidecarIR(lowered, registry.generations), templates.sidecar!, 'main.js');
  const problems = checkGenerated(
    files.map((file) => ({ file, dialect: file.path === 'main.js' ? 'pipyjs' : 'tables' })),
    new CheckedShapes(),
  );
  expect(problems).toEqual([]);
  return Object.fromEntries(files.map((f) => [f.path, f.contents]));
}

describe('a sniffed part added with its home, its templates and one registry line', () => {
  const files = codebase();
  const sim = new Simulator(files['main.js']!, files, registry);

  it('is lowered and tabled like any part, and its slots are filled: its tables, rows, detection and arm', () => {
    // Policies are credited by number; [names] holds their names.
    expect(files['egress-tables.txt']).toMatch(/^\[names\] <first> <names:rest>\n0 api web db$/m);
    expect(files['egress-tables.txt']).toMatch(/^\[pg\] <class> <CIDR> <credited policy>\n1 203\.0\.113\.20\/32 2$/m);
    expect(files['main.js']).toContain('_firstBytes = new Data(d).shift(16).toArray()');
    expect(files['main.js']).toMatch(/_proto = p === 'TLS' \? 'tls' : .*_firstBytes\[4\] === 0 .* \? 'pg' : 'tcp',/);
    expect(files['main.js']).toContain("() => _verdict.action === 'pg', $=>$");
  });

  it.each<[string, Probe]>([
    ['a startup message to an allowed address', { dst: '203.0.113.20:5432', protocol: 'postgres' }],
    ['an SSLRequest to an allowed address', { dst: '203.0.113.20:5432', protocol: 'postgres', sni: 'ssl' }],
    ['a startup message elsewhere', { dst: '203.0.113.21:5432', protocol: 'postgres' }],
    ['HTTP on the same port', { dst: '203.0.113.20:5432', protocol: 'http', host: 'a.example' }],
    ['bytes no part knows', { dst: '203.0.113.20:5432', protocol: 'tcp' }],
    ['a startup message where no postgres policy is', { dst: '203.0.113.20:443', protocol: 'postgres' }],
  ])('explain() and the simulated sidecar agree: %s', (_name, probe) => {
    const expected = decide(model(), probe, registry);
    const seen = sim.run(probe);
    expect(seen.outcome).toBe(expected.outcome);
    expect(seen.logs.at(-1) ?? '').toContain(`reason=${expected.reason}`);
  });

  const missing = realPipyMissing();
  announceSkip('the sample part loads in real Pipy', missing);
  it.skipIf(missing)('loads in real Pipy', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'pipyc-sample-part-')), 'out');
    const code = Object.entries(files).map(([path, contents]) => ({ path, contents }));
    const manifest = buildManifest(
      PIPYC_VERSION,
      model().spec,
      { entry: 'main.js', target: 'pipy-1.5', listenPort: 15001, pipyLogLevel: 'info' },
      code.map(fileRecord),
    );
    writeCodebase(dir, [...code, manifestFile(manifest)]);
    expect(await verifyCodebase(dir)).toMatchObject({ kind: 'verified' });
  });
});
