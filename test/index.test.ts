// The public API's one rule (README "Results or throws", docs/architecture.md): functions whose input comes from users
// return results and never throw for bad input; functions for programs holding good values throw PipycError.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as pipyc from '../src/index.js';

/** Exports that take no user input to go wrong on: formatting, and the index an identity list is built from. */
const NEITHER = ['formatDiagnostic', 'annotatedYaml', 'diffText', 'MeshIndex', 'PipycError'];
const README = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const rule = README.slice(
  README.indexOf('**Results or throws, one rule**'),
  README.indexOf('\n\n', README.indexOf('**Results or throws, one rule**')),
);
const named = (part: string) =>
  [...part.matchAll(/`(\w+)`/g)].map((m) => m[1]!).filter((n) => n in pipyc && !NEITHER.includes(n));
const [resultsPart, throwsPart] = rule.split('; a function for a program');
const RESULTS = named(resultsPart!);
const THROWS = named(throwsPart!);

const bad = { name: 'bad.yaml', text: 'Spec: [' };
const rejects = async (f: () => unknown) => {
  try {
    await f();
  } catch (e) {
    expect(e).toBeInstanceOf(pipyc.PipycError);
    return (e as pipyc.PipycError).diagnostics;
  }
  throw new Error('did not throw');
};

describe('results or throws: README states the rule for every exported function', () => {
  it('names each exported function on exactly one side', () => {
    const functions = Object.entries(pipyc)
      .filter(([, v]) => typeof v === 'function')
      .map(([k]) => k)
      .filter((k) => !NEITHER.includes(k));
    for (const f of functions)
      expect([RESULTS.includes(f), THROWS.includes(f)], f).toEqual(RESULTS.includes(f) ? [true, false] : [false, true]);
  });

  it('the results side returns its diagnostics for bad input', async () => {
    expect(pipyc.compileSource(bad)).toMatchObject({ kind: 'failed' });
    expect(pipyc.validate('not a spec')).toMatchObject({ kind: 'invalid' });
    expect(pipyc.validateSource(bad)).toMatchObject({ kind: 'invalid' });
    expect(pipyc.loadObjects([bad]).diagnostics[0]).toMatchObject({ severity: 'error' });
    expect(pipyc.resolveIdentity([], 'not-an-identity')).toMatchObject({
      spec: undefined,
      diagnostics: [{ code: 'PIPYC7012' }],
    });
    expect(await pipyc.verifyCodebase('/nonexistent/pipyc')).toMatchObject({ kind: 'failed' });
    expect(RESULTS.sort()).toEqual([
      'compileSource',
      'loadObjects',
      'resolveIdentity',
      'validate',
      'validateSource',
      'verifyCodebase',
    ]);
  });

  it('the throws side throws PipycError, with the diagnostics, for what a program should not have passed', async () => {
    const cases: Record<string, () => unknown> = {
      compile: () => pipyc.compile({} as never),
      compileValue: () => pipyc.compileValue('x'),
      compileObjects: () => pipyc.compileObjects([], { format: 'no-such-format' }),
      compileIdentity: () => pipyc.compileIdentity([], 'not-an-identity'),
      compileAllIdentities: () => pipyc.compileAllIdentities(pipyc.loadObjects([bad])),
      compileOsmEdgePlugin: () => pipyc.compileOsmEdgePlugin([], { identity: 'not-an-identity' }),
      explain: () => pipyc.explain({ Spec: {} }, { dst: '203.0.113.1' }),
      explainer: () => pipyc.explainer({ value: 'x' }),
      diffSpecs: () => pipyc.diffSpecs(bad, bad),
      diffMeshes: () => pipyc.diffMeshes(pipyc.loadObjects([bad]), [], { kind: 'egress-only', egressDefault: 'deny' }),
      writeCodebase: () => pipyc.writeCodebase('/proc/pipyc-cannot-write-here', []),
      readObjectFiles: () => pipyc.readObjectFiles(['/nonexistent/objects.yaml']),
      readCodebase: () => pipyc.readCodebase('/nonexistent/codebase'),
      readIdentityTree: () => pipyc.readIdentityTree('/nonexistent/tree'),
      parseIdentity: () => pipyc.parseIdentity('no-slash'),
      publishCodebase: () => pipyc.publishCodebase('not a url', '/x', { dir: '.', files: [] }),
      publishCodebases: () =>
        pipyc.publishCodebases('http://127.0.0.1:1', [{ codebase: 'no-slash', local: { dir: '.', files: [] } }]),
    };
    expect(Object.keys(cases).sort()).toEqual([...THROWS].sort());
    for (const [name, f] of Object.entries(cases)) expect((await rejects(f)).length, name).toBeGreaterThan(0);
  });
});
