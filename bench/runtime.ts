// Runtime benchmark: real Pipy sidecars under wrk, side by side in one run. Prints a table per Pipy binary and the
// ratios the project's targets are stated in. Needs root, iproute2, iptables, util-linux, openssl, wrk and nginx;
// with dnsmasq and dnsperf also the DNS rows. Installs nothing. See bench/README.md.
//   npm run bench:runtime   BENCH_SECONDS=5 per figure (default); OSM_EDGE_CODEBASE / FSM_CODEBASE=<dir> (default
//   /usr/local/share/<mesh>/codebase) add the meshes' rows;
//   BENCH_ROUNDS=3 measures every row 3 times in turn and prints medians; BENCH_ROWS=minimal,http,... runs only
//   those rows; BENCH_CODEBASES=label=<dir>,... adds rows for your own codebases (entry main.js, HTTP request);
//   PIPY1514_BIN (default /usr/local/bin/pipy-1.5.14) and PIPY090_BIN (/usr/local/bin/pipy-0.90) add Pipy 1.5.14 and
//   0.90.3 tables. Each table is followed by the memory table (RSS at start of every spec shape; with BENCH_ROWS, only
//   when it names `memory`) and the DNS rows.
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { entryOf } from './runtime/codebases.js';
import { BenchLab } from './runtime/lab.js';
import { meshCodebases, missingCommands, missingTools, pipyBinaries } from './runtime/preflight.js';
import { asked, RATIOS, rowsFor, type Row } from './runtime/rows.js';
import { parseWrk, type WrkResult } from './runtime/wrk.js';
import { dnsTable, DNS_PROXY_ADDRESS, DNS_PROXY_PORT } from './runtime/dns.js';
import { memoryTable } from './runtime/memory.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = 16;
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 1));

interface Measured {
  row: Row;
  keepAlive: WrkResult;
  close: WrkResult;
  /** The sidecar's CPU time per request (µs), keep-alive and close; steadier than req/s on a shared machine. */
  cpu: { keepAlive: number; close: number } | null;
  rssKiB: number | null;
  /** With rounds: (max - min) / median of req/s over the rounds. */
  spread?: { keepAlive: number; close: number };
}

async function measure(lab: BenchLab, pipy: string, row: Row): Promise<Measured> {
  const sidecar = row.codebase
    ? await lab.startSidecar(
        pipy,
        row.codebase.dir,
        await entryOf(lab, row.codebase),
        row.codebase.args,
        row.codebase.env,
      )
    : null;
  try {
    const direct = sidecar === null;
    if (row.codebase?.resolve) lab.dnsperf(DNS_PROXY_ADDRESS, DNS_PROXY_PORT, row.codebase.resolve, 'once');
    const run = (close: boolean) => {
      lab.wrk(row.url, 1, { connections: CONNECTIONS, close, direct }); // warm-up
      const cpuBefore = sidecar?.cpuMicros() ?? 0;
      const result = parseWrk(lab.wrk(row.url, SECONDS, { connections: CONNECTIONS, close, direct }));
      return { result, cpu: ((sidecar?.cpuMicros() ?? 0) - cpuBefore) / Math.max(1, result.requests) };
    };
    const keepAlive = run(false);
    const close = run(true);
    return {
      row,
      keepAlive: keepAlive.result,
      close: close.result,
      cpu: sidecar ? { keepAlive: keepAlive.cpu, close: close.cpu } : null,
      rssKiB: sidecar ? sidecar.rssKiB() : null,
    };
  } catch (e) {
    throw new Error(`${row.label}: ${(e as Error).message}\n${sidecar?.log() ?? ''}`);
  } finally {
    await sidecar?.stop();
  }
}

/** Per figure, the median over the rounds. */
function median(of: Measured[]): Measured {
  const mid = <T>(xs: T[], key: (x: T) => number) =>
    [...xs].sort((a, b) => key(a) - key(b))[Math.floor(xs.length / 2)]!;
  const pick = (mode: 'keepAlive' | 'close') =>
    mid(
      of.map((m) => m[mode]),
      (r) => r.requestsPerSecond,
    );
  const rss = of.map((m) => m.rssKiB).filter((x): x is number => x !== null);
  const cpus = of.map((m) => m.cpu).filter((x): x is NonNullable<Measured['cpu']> => x !== null);
  const cpu =
    cpus.length > 0
      ? {
          keepAlive: mid(
            cpus.map((c) => c.keepAlive),
            (x) => x,
          ),
          close: mid(
            cpus.map((c) => c.close),
            (x) => x,
          ),
        }
      : null;
  // How far the rounds spread around the median, as a fraction of it: what a ratio must exceed to mean anything.
  const spread = (mode: 'keepAlive' | 'close') => {
    const rates = of.map((m) => m[mode].requestsPerSecond);
    return (Math.max(...rates) - Math.min(...rates)) / Math.max(1, pick(mode).requestsPerSecond);
  };
  return {
    row: of[0]!.row,
    keepAlive: pick('keepAlive'),
    close: pick('close'),
    cpu,
    rssKiB: rss.length > 0 ? mid(rss, (x) => x) : null,
    spread: { keepAlive: spread('keepAlive'), close: spread('close') },
  };
}

const kilo = (n: number) => (n / 1000).toFixed(1) + 'k';
const ratio = (a: number, b: number) => (b > 0 ? (a / b).toFixed(2) + 'x' : '-');

function printTable(title: string, results: Measured[]): void {
  const by = (key: string) => results.find((r) => r.row.key === key);
  const baseline = (m: Measured) => by(m.row.key === 'tls' || m.row.key === 'minimal-tls' ? 'minimal-tls' : 'minimal');
  const head = [
    'sidecar',
    'keep-alive req/s',
    'close req/s',
    'vs minimal (ka / close)',
    'CPU µs/req (ka / close)',
    'RSS MiB',
    'round spread',
    'errors',
  ];
  const rows = results.map((m) => {
    const base = baseline(m);
    const errors = m.keepAlive.errors + m.close.errors;
    return [
      m.row.label,
      kilo(m.keepAlive.requestsPerSecond),
      kilo(m.close.requestsPerSecond),
      base && m.row.codebase
        ? `${ratio(m.keepAlive.requestsPerSecond, base.keepAlive.requestsPerSecond)} / ${ratio(m.close.requestsPerSecond, base.close.requestsPerSecond)}`
        : '',
      m.cpu ? `${m.cpu.keepAlive.toFixed(1)} / ${m.cpu.close.toFixed(1)}` : '',
      m.rssKiB === null ? '' : (m.rssKiB / 1024).toFixed(1),
      m.spread && ROUNDS > 1 ? `${(100 * m.spread.keepAlive).toFixed(0)}% / ${(100 * m.spread.close).toFixed(0)}%` : '',
      errors > 0 ? String(errors) : '',
    ];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(`\n${title}`);
  console.log(line(head));
  for (const r of rows) console.log(line(r));

  console.log('');
  for (const { what, row, baseline, target } of RATIOS) {
    const [a, b] = [by(row), by(baseline)];
    if (!a || !b) continue;
    console.log(
      `  ${what.padEnd(30)} ${ratio(a.keepAlive.requestsPerSecond, b.keepAlive.requestsPerSecond)} keep-alive, ${ratio(a.close.requestsPerSecond, b.close.requestsPerSecond)} close  (target ${target})`,
    );
  }
  const one = by('http');
  for (const large of results.filter((r) => r.row.key === 'http10k' || r.row.key.startsWith('shape-'))) {
    if (large.rssKiB && one?.rssKiB)
      console.log(
        `  ${`RSS ${large.row.key} vs 1 policy`.padEnd(30)} ${ratio(large.rssKiB, one.rssKiB)}  (target <= 2x)`,
      );
  }
}

async function main(): Promise<void> {
  const missing = missingTools();
  const binaries = pipyBinaries();
  if (binaries.length === 0)
    missing.push('pipy (set PIPY_BIN or put pipy on PATH; PIPY090_BIN or /usr/local/bin/pipy-0.90 for Pipy 0.90.3)');
  if (missing.length > 0) {
    console.error(`bench:runtime cannot run; missing: ${missing.join(', ')}. Nothing was installed.`);
    process.exit(1);
  }
  console.log(
    `runtime benchmark: ${cpus().length} x ${cpus()[0]?.model ?? '?'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; ` +
      `wrk 1 thread x ${CONNECTIONS} connections, ${SECONDS} s per figure; sidecar on core 0, wrk and nginx on core 1`,
  );
  const meshes = meshCodebases(console.log);
  if (!meshes) process.exit(1);
  const dnsTools = missingCommands([
    ['dnsmasq', ['--version'], 'dnsmasq'],
    ['dnsperf', ['-h'], 'dnsperf'],
  ]);
  if (dnsTools.length > 0) console.log(`(no ${dnsTools.join(', ')}: the DNS rows are left out)`);
  const lab = BenchLab.open();
  try {
    await lab.startUpstream();
    if (dnsTools.length === 0) await lab.startDnsServer();
    for (const binary of binaries) {
      const { target } = binary;
      const rows = rowsFor(join(lab.dir, binary.key), meshes, target, dnsTools.length === 0);
      // Rounds go over every row in turn, so a disturbance on a shared machine hits one round, not one row.
      const rounds: Measured[][] = [];
      for (let round = 0; round < ROUNDS && rows.length > 0; round++) {
        const results: Measured[] = [];
        for (const row of rows) results.push(await measure(lab, binary.path, row));
        rounds.push(results);
      }
      if (rows.length > 0)
        printTable(
          `${binary.label} (${binary.path}), pipyc --target ${target}${ROUNDS > 1 ? `, median of ${ROUNDS} rounds` : ''}`,
          rows.map((_, i) => median(rounds.map((r) => r[i]!))),
        );
      if (asked('memory')) await memoryTable(lab, binary, target);
      if (dnsTools.length === 0) await dnsTable(lab, binary, target);
    }
  } finally {
    lab.close();
  }
}

try {
  await main();
} catch (e) {
  console.error(`bench:runtime: ${(e as Error).message}`);
  process.exit(1);
}
