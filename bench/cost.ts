// Cost benchmark: the instructions a sidecar runs per request, counted by callgrind (valgrind) over an exact number of
// requests in the bench lab. Unlike req/s it does not move with a neighbour on a shared machine, so a ratio of a few
// percent (a plugin mounted or not, a decision next to Pipy's own HTTP handling) is readable in one run. User-space
// instructions only: the kernel's share of a request (sockets, iptables) is the same for every row and not counted.
//   npm run bench:cost   COST_REQUESTS=500 per figure (default); same rows and row keys as bench:runtime (BENCH_ROWS,
//   OSM_EDGE_CODEBASE, FSM_CODEBASE, PIPY1514_BIN, PIPY090_BIN); COST_PROFILE=<dir> keeps callgrind's dumps there, one
//   per binary, row and mode (pipy-<version>-<row>.1 keep-alive, .2 close, .3 and .4 the same 16 at a time), for
//   callgrind_annotate. Needs valgrind besides what bench:runtime needs.
import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { entryOf } from './runtime/codebases.js';
import { BenchLab, SIDECAR_UID } from './runtime/lab.js';
import { meshCodebases, missingTools, pipyBinaries } from './runtime/preflight.js';
import { RATIOS, rowsFor, type Row } from './runtime/rows.js';

const REQUESTS = Math.max(10, Number(process.env.COST_REQUESTS ?? 500));
const WARM_UP = 50;
const CLIENT = resolve('bench/runtime/requests.mjs');

/** Clients at a time in the concurrent figures: bench:runtime's wrk connections. */
const CONNECTIONS = 16;

interface Counted {
  row: Row;
  /** Instructions per request, one kept-alive connection and a new connection each. */
  keepAlive: number;
  close: number;
  /** The same with CONNECTIONS clients at a time: what demultiplexing many sessions at once costs. */
  concurrent: { keepAlive: number; close: number };
}

async function count(lab: BenchLab, pipy: string, row: Row, outDir: string): Promise<Counted> {
  const codebase = row.codebase!;
  const out = join(outDir, row.key);
  const sidecar = await lab.startSidecar(
    pipy,
    codebase.dir,
    await entryOf(lab, codebase),
    codebase.args,
    codebase.env,
    {
      readyMs: 120_000,
      wrapper: ['valgrind', '--tool=callgrind', `--callgrind-out-file=${out}`, '--dump-instr=no', '--dump-line=no'],
    },
  );
  try {
    const perRequest = (close: boolean, connections = 1) => {
      send(lab, row.url, WARM_UP, close, connections);
      callgrind('-z', sidecar.pid);
      send(lab, row.url, REQUESTS, close, connections);
      callgrind('-d', sidecar.pid);
      return lastSummary(outDir, row.key) / REQUESTS;
    };
    return {
      row,
      keepAlive: perRequest(false),
      close: perRequest(true),
      concurrent: { keepAlive: perRequest(false, CONNECTIONS), close: perRequest(true, CONNECTIONS) },
    };
  } catch (e) {
    throw new Error(`${row.label}: ${(e as Error).message}\n${sidecar.log()}`);
  } finally {
    await sidecar.stop();
  }
}

function send(lab: BenchLab, url: string, requests: number, close: boolean, connections: number): void {
  lab.inPod(
    [process.execPath, CLIENT, url, String(requests), close ? 'close' : 'keep-alive', String(connections)],
    600_000,
  );
}

/** callgrind_control as the sidecar's own uid: as root, vgdb cannot open the FIFOs of a process of another uid and hangs. */
function callgrind(command: '-z' | '-d', pid: number): void {
  execFileSync(
    'setpriv',
    [`--reuid=${SIDECAR_UID}`, `--regid=${SIDECAR_UID}`, '--clear-groups', 'callgrind_control', command, String(pid)],
    { stdio: 'ignore', timeout: 60_000 },
  );
}

/** The `summary:` of the newest dump callgrind wrote for this row (`<row>.<n>`, n counting up from 1). */
function lastSummary(outDir: string, key: string): number {
  const dumps = readdirSync(outDir)
    .filter((f) => f.startsWith(`${key}.`))
    .map((f) => Number(f.slice(key.length + 1)))
    .filter(Number.isInteger);
  const newest = Math.max(...dumps);
  const summary = /^summary: (\d+)$/m.exec(readFileSync(join(outDir, `${key}.${newest}`), 'utf8'));
  if (!summary) throw new Error(`callgrind dump ${key}.${newest} has no summary line`);
  return Number(summary[1]);
}

const thousands = (n: number) => (n / 1000).toFixed(1) + 'k';
const speed = (row: number, baseline: number) => (baseline / row).toFixed(2) + 'x';

function printTable(title: string, results: Counted[]): void {
  const by = (key: string) => results.find((r) => r.row.key === key);
  console.log(`\n${title}`);
  const width = Math.max(...results.map((r) => r.row.label.length));
  console.log(
    `${'sidecar'.padEnd(width)}  instructions/request (keep-alive / close), 1 connection | ${CONNECTIONS} at a time`,
  );
  const pair = (keepAlive: number, close: number) =>
    `${thousands(keepAlive).padStart(8)} / ${thousands(close).padStart(8)}`;
  for (const r of results)
    console.log(
      `${r.row.label.padEnd(width)}  ${pair(r.keepAlive, r.close)} | ${pair(r.concurrent.keepAlive, r.concurrent.close)}`,
    );
  console.log('\n  as speed (baseline instructions / row instructions), comparable with the bench:runtime targets:');
  for (const { what, row, baseline, target } of RATIOS) {
    const [a, b] = [by(row), by(baseline)];
    if (!a || !b) continue;
    console.log(
      `  ${what.padEnd(30)} ${speed(a.keepAlive, b.keepAlive)} keep-alive, ${speed(a.close, b.close)} close; ` +
        `${CONNECTIONS} at a time ${speed(a.concurrent.keepAlive, b.concurrent.keepAlive)}, ` +
        `${speed(a.concurrent.close, b.concurrent.close)}  (target ${target})`,
    );
  }
}

async function main(): Promise<void> {
  const missing = missingTools([
    ['valgrind', ['--version'], 'valgrind'],
    ['callgrind_control', ['-h'], 'valgrind'],
  ]);
  const binaries = pipyBinaries();
  if (binaries.length === 0)
    missing.push('pipy (set PIPY_BIN or put pipy on PATH; PIPY090_BIN or /usr/local/bin/pipy-0.90 for Pipy 0.90.3)');
  if (missing.length > 0) {
    console.error(`bench:cost cannot run; missing: ${missing.join(', ')}. Nothing was installed.`);
    process.exit(1);
  }
  console.log(
    `cost benchmark: callgrind instruction counts over ${REQUESTS} requests per figure, after ${WARM_UP} to warm up`,
  );
  const meshes = meshCodebases(console.log);
  if (!meshes) process.exit(1);
  const lab = BenchLab.open();
  try {
    await lab.startUpstream();
    const outDir = join(lab.dir, 'callgrind');
    mkdirSync(outDir);
    chmodSync(outDir, 0o777); // written by the sidecar's uid
    for (const binary of binaries) {
      const { target } = binary;
      const rows = rowsFor(join(lab.dir, binary.key), meshes, target, false).filter((r) => r.codebase !== null);
      const results: Counted[] = [];
      for (const row of rows)
        results.push(
          await count(lab, binary.path, { ...row, key: `${binary.key}-${row.key}` }, outDir).then((c) => ({
            ...c,
            row,
          })),
        );
      printTable(`${binary.label} (${binary.path}), pipyc --target ${target}`, results);
    }
    if (process.env.COST_PROFILE) cpSync(outDir, process.env.COST_PROFILE, { recursive: true });
  } finally {
    lab.close();
  }
}

try {
  await main();
} catch (e) {
  console.error(`bench:cost: ${(e as Error).message}`);
  process.exit(1);
}
