// Compile time, output size, and the cost of one egress decision as the number of policies grows:
// the generated lookup tables (run in Node through the simulation harness) side by side with explain()'s plain scan.
import { execFileSync } from 'node:child_process';
import { compile, explainer, type Probe } from '../src/index.js';
import { Simulator } from '../test/support/simulator.js';
import { parse } from 'yaml';

const sizes = [10, 100, 1000, 5000];
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

const rows: string[][] = [];
for (const n of sizes) {
  const spec = parse(execFileSync(process.execPath, ['scripts/make-large-spec.mjs', String(n)], { encoding: 'utf8' }));
  const t0 = process.hrtime.bigint();
  const result = compile(spec);
  const compileMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const main = result.files[0]!.contents;
  const sim = new Simulator(main, Object.fromEntries(result.files.map((f) => [f.path, f.contents])));
  const tables = perDecisionMicros((p) => sim.run(p));
  const decide = explainer({ name: 'spec.json', text: JSON.stringify(spec) });
  const scan = perDecisionMicros((p) => decide(p));
  rows.push([String(n), compileMs.toFixed(0), (main.length / 1024).toFixed(0), tables.toFixed(2), scan.toFixed(1), (scan / tables).toFixed(1)]);
}
const head = ['policies', 'compile ms', 'main.js KiB', 'tables us/decision', 'scan us/decision', 'scan/tables'];
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (cells: string[]) => cells.map((c, i) => c.padStart(widths[i]!)).join('  ');
console.log(line(head));
for (const r of rows) console.log(line(r));
console.log('\n"tables": the generated main.js deciding (in Node, via test/support/simulator.ts); "scan": explain()\'s reference');
console.log('decision over the normalised policies, a plain scan. The first compile includes loading the TypeScript compiler.');
