// Compile time (warm, side by side with JSON.parse + JSON.stringify of the same spec text), output size, and the cost
// of one egress decision as the number of policies grows: the generated lookup tables (run in Node through the
// simulation harness) side by side with explain()'s plain scan.
import { execFileSync } from 'node:child_process';
import { compile, explainer, type Probe } from '../src/index.js';
import { Simulator } from '../lab/simulator.js';
import { parse } from 'yaml';
import { SPEC_SHAPES, shapedSpec } from './spec-shapes.js';

const sizes = (process.env.BENCH_SIZES ?? '1,100,1000,10000').split(',').map(Number);
const probes: Probe[] = [
  { dst: '203.0.113.7:80', protocol: 'http', host: 'h995.example.com', path: '/' },
  { dst: '203.0.113.7:443', protocol: 'tls', sni: 'a.t996.example.org' },
  { dst: '198.51.3.9:10003', protocol: 'tcp' },
  { dst: '203.0.113.9:20004', protocol: 'tcp' },
  { dst: '192.0.2.9:8443', protocol: 'tls', sni: 'nobody.example' },
  { dst: '203.0.113.7:80', protocol: 'http', host: 'unknown.example', path: '/' },
];

function perDecisionMicros(run: (p: Probe) => unknown, budgetMs = 400): number {
  let n = 0;
  const start = process.hrtime.bigint();
  let elapsed = 0;
  while (elapsed < budgetMs) {
    for (const p of probes) run(p);
    n += probes.length;
    elapsed = Number(process.hrtime.bigint() - start) / 1e6;
  }
  return (elapsed * 1000) / n;
}

/**
 * Two operations timed in turn, `runs` times each after one warm-up: the fastest of each, the figures least disturbed
 * by a shared machine, taken in the same moments.
 */
function sideBySideMs(a: () => unknown, b: () => unknown, runs: number): [number, number] {
  a();
  b();
  const best = [Infinity, Infinity] as [number, number];
  for (let i = 0; i < runs; i++) {
    [a, b].forEach((run, k) => {
      const t0 = process.hrtime.bigint();
      run();
      best[k] = Math.min(best[k]!, Number(process.hrtime.bigint() - t0) / 1e6);
    });
  }
  return best;
}

/**
 * One shape's compile, side by side with JSON, in a process of its own (`BENCH_SHAPE=<key>`): each shape's figures
 * start from a fresh heap, not from the garbage of the rows measured before it.
 */
function measureShape(key: string): void {
  const shape = SPEC_SHAPES.find((s) => s.key === key)!;
  const text = JSON.stringify(shapedSpec(shape, 10_000));
  const spec = JSON.parse(text);
  // What making the spec left behind (today's shape parses YAML) is not the compile's garbage (node --expose-gc).
  (globalThis as { gc?: () => void }).gc?.();
  // A smaller spec (the osm-edge objects' 1,000 policies) gets more runs, as the sizes table gives its smaller sizes.
  const [compileMs, jsonMs] = sideBySideMs(
    () => compile(spec),
    () => JSON.stringify(JSON.parse(text)),
    spec.EgressPolicies.length >= 5000 ? 9 : 40,
  );
  const result = compile(spec);
  const kib = (path: string) => (result.files.find((f) => f.path === path)?.contents.length ?? 0) / 1024;
  console.log(
    JSON.stringify({
      policies: spec.EgressPolicies.length,
      compileMs,
      jsonMs,
      mainKiB: kib('main.js'),
      tablesKiB: kib('egress-tables.txt'),
    }),
  );
}

if (process.env.BENCH_SHAPE) {
  measureShape(process.env.BENCH_SHAPE);
  process.exit(0);
}

const rows: string[][] = [];
for (const n of sizes) {
  // The spec as a controller holds it: plain objects as JSON.parse makes them (the YAML parser's objects are slower
  // to read, about 1.3x for the whole compile of 10,000 policies).
  const text = JSON.stringify(
    parse(
      execFileSync(process.execPath, ['scripts/make-large-spec.mjs', String(n)], {
        encoding: 'utf8',
        maxBuffer: 1 << 26,
      }),
    ),
  );
  const spec = JSON.parse(text);
  const runs = n >= 1000 ? 8 : 200;
  const [compileMs, jsonMs] = sideBySideMs(
    () => compile(spec),
    () => JSON.stringify(JSON.parse(text)),
    runs,
  );
  const result = compile(spec);
  const main = result.files[0]!.contents;
  const tablesKiB = (result.files.find((f) => f.path === 'egress-tables.txt')?.contents.length ?? 0) / 1024;
  const sim = new Simulator(main, Object.fromEntries(result.files.map((f) => [f.path, f.contents])));
  const tables = perDecisionMicros((p) => sim.run(p));
  const decide = explainer({ name: 'spec.json', text: JSON.stringify(spec) });
  const scan = perDecisionMicros((p) => decide(p));
  rows.push([
    String(n),
    compileMs.toFixed(compileMs < 10 ? 2 : 0),
    jsonMs.toFixed(jsonMs < 10 ? 2 : 0),
    (compileMs / jsonMs).toFixed(1) + 'x',
    (main.length / 1024).toFixed(0),
    tablesKiB.toFixed(0),
    tables.toFixed(2),
    scan.toFixed(1),
    (scan / tables).toFixed(1),
  ]);
}
const head = [
  'policies',
  'compile ms',
  'JSON ms',
  'compile/JSON',
  'main.js KiB',
  'tables KiB',
  'tables us/decision',
  'scan us/decision',
  'scan/tables',
];
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (cells: string[]) => cells.map((c, i) => c.padStart(widths[i]!)).join('  ');
console.log(line(head));
for (const r of rows) console.log(line(r));
console.log(
  '\ncompile: compile() of the spec in memory, warm, fastest of several runs (targets: 1 policy <= 2 ms; 10,000 policies',
);
console.log(
  '<= 10x JSON). JSON: JSON.parse + JSON.stringify of the same spec text. "tables us/decision": the generated',
);
console.log('main.js deciding (in Node, via lab/simulator.ts); "scan": explain()\'s plain scan over the policies.');

// The same 10,000 policies in other shapes (bench/spec-shapes.ts): compile time against JSON, and what it writes.
const shapeRows = SPEC_SHAPES.map((shape) => {
  const output = execFileSync(process.execPath, ['--expose-gc', process.argv[1]!], {
    env: { ...process.env, BENCH_SHAPE: shape.key },
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  const m = JSON.parse(output.trim().split('\n').pop()!) as {
    policies: number;
    compileMs: number;
    jsonMs: number;
    mainKiB: number;
    tablesKiB: number;
  };
  const target = shape.key === 'today' ? 5 : 10;
  return [
    shape.key,
    String(m.policies),
    m.compileMs.toFixed(0),
    m.jsonMs.toFixed(0),
    (m.compileMs / m.jsonMs).toFixed(1) + 'x',
    `<= ${target}x`,
    m.mainKiB.toFixed(0),
    m.tablesKiB.toFixed(0),
  ];
});
const shapeHead = ['shape', 'policies', 'compile ms', 'JSON ms', 'compile/JSON', 'target', 'main.js KiB', 'tables KiB'];
const shapeWidths = shapeHead.map((h, i) => Math.max(h.length, ...shapeRows.map((r) => r[i]!.length)));
console.log(
  '\n' + shapeHead.map((c, i) => (i === 0 ? c.padEnd(shapeWidths[i]!) : c.padStart(shapeWidths[i]!))).join('  '),
);
for (const r of shapeRows)
  console.log(r.map((c, i) => (i === 0 ? c.padEnd(shapeWidths[i]!) : c.padStart(shapeWidths[i]!))).join('  '));
for (const shape of SPEC_SHAPES) console.log(`  ${shape.key}: ${shape.label}`);
