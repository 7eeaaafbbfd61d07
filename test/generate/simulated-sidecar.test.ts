import { describe, expect, it } from 'vitest';
import { compile, compileValue, explain } from '../../src/index.js';
import { Simulator } from '../support/simulator.js';
import { loadTable } from '../support/tables.js';

const table = loadTable('egress-policies');

/** A simulator over a spec's whole codebase (main.js reads egress-tables.txt). */
function simulate(spec: unknown): Simulator {
  const files = Object.fromEntries(compileValue(spec).files.map((f) => [f.path, f.contents]));
  return new Simulator(files['main.js']!, files);
}

describe('generated decision code (simulated Pipy) agrees with explain() on the decision table', () => {
  const sim = simulate(table.spec);
  it.each(table.rows.map((r) => [r.name, r] as const))('%s', (_name, row) => {
    const expected = explain(table.spec, row.probe);
    const seen = sim.run(row.probe);
    expect({ outcome: seen.outcome, reason: seen.reason }).toEqual({
      outcome: expected.outcome,
      reason: expected.outcome === 'http-403' ? expected.reason : undefined,
    });
    const line = seen.logs.at(-1) ?? '';
    if (expected.reason === 'mesh') return expect(seen.logs).toEqual([]); // info level does not log mesh traffic
    expect(line).toContain(`reason=${expected.reason}`);
    if (expected.policy) expect(line).toContain(`policy=${expected.policy}`);
  });
});

describe('generated decision code agrees with explain() on random specs (seeded)', () => {
  const seed = Number(process.env.PIPYC_SEED ?? 20261127);
  it(`100 specs x 100 probes, seed ${seed} (set PIPYC_SEED to reproduce another run)`, async () => {
    const { randomProbe, randomSpec, rng } = await import('../support/random-specs.js');
    const r = rng(seed);
    let checked = 0;
    let ranged = 0;
    for (let s = 0; s < 100; s++) {
      const spec = randomSpec(r);
      const sim = simulate(spec);
      if (compile(spec).files[0]!.contents.includes('classInRanges')) ranged++;
      for (let p = 0; p < 100; p++) {
        const probe = randomProbe(r);
        const expected = explain(spec, probe);
        const seen = sim.run(probe);
        const context = `seed ${seed}, spec ${s}, probe ${p}\nspec: ${JSON.stringify(spec)}\nprobe: ${JSON.stringify(probe)}\nexplain: ${JSON.stringify(expected)}`;
        expect(seen.outcome, context).toBe(expected.outcome);
        if (expected.outcome === 'http-403') expect(seen.reason, context).toBe(expected.reason);
        const line = seen.logs.at(-1);
        if (line && expected.policy) expect(line, context).toContain(`policy=${expected.policy}`);
        if (line) expect(line, context).toContain(`reason=${expected.reason}`);
        checked++;
      }
    }
    expect(checked).toBe(10000);
    // Some specs span too many ports for a map: their classes are found by binary search, and are checked too.
    expect(ranged).toBeGreaterThan(0);
  });
});
