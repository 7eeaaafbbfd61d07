// The DNS rows of bench:runtime: queries per second answered straight by dnsmasq, through a UDP forwarder that decides
// nothing (the floor of any DNS proxy on Pipy), and through pipyc's DNS proxy learning every answer. dnsperf asks
// DNS_NAMES distinct names of the zone in turn, 16 clients with 64 queries outstanding, from the load core.
import { join } from 'node:path';
import type { Target } from '../../src/sidecar-spec/targets.js';
import { entryOf, MINIMAL_DNS, PIPYC_SPECS, writeCompiled, writeScript } from './codebases.js';
import { DNS_SERVER_IP, DNS_ZONE, type BenchLab } from './lab.js';
import type { PipyBinary } from './preflight.js';

export const DNS_PROXY_ADDRESS = '127.0.0.153';
export const DNS_PROXY_PORT = 5300;
const DNS_NAMES = Array.from({ length: 1000 }, (_, i) => `n${i}.${DNS_ZONE}`);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 1));

interface DnsRow {
  key: string;
  label: string;
  /** null: straight to dnsmasq. */
  codebase: ReturnType<typeof writeScript> | null;
}

export async function dnsTable(lab: BenchLab, binary: PipyBinary, target: Target): Promise<void> {
  const root = join(lab.dir, binary.key, 'dns');
  const rows: DnsRow[] = [
    { key: 'dns-direct', label: 'dnsmasq, no sidecar', codebase: null },
    { key: 'dns-minimal', label: 'minimal UDP forwarder', codebase: writeScript(root, 'minimal-dns', MINIMAL_DNS) },
    {
      key: 'dns-pipyc',
      label: 'pipyc DNS proxy, learning every answer',
      codebase: writeCompiled(root, 'pipyc-dns', PIPYC_SPECS.dnsLearning, target),
    },
  ];
  const rounds: { qps: number; lost: number }[][] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const results: { qps: number; lost: number }[] = [];
    for (const row of rows) {
      const sidecar = row.codebase
        ? await lab.startSidecar(binary.path, row.codebase.dir, await entryOf(lab, row.codebase), row.codebase.args)
        : null;
      try {
        const [server, port] = sidecar ? [DNS_PROXY_ADDRESS, DNS_PROXY_PORT] : [DNS_SERVER_IP, 53];
        lab.dnsperf(server, port, DNS_NAMES, 1); // warm-up
        results.push(lab.dnsperf(server, port, DNS_NAMES, SECONDS));
      } finally {
        await sidecar?.stop();
      }
    }
    rounds.push(results);
  }
  const median = (i: number) =>
    [...rounds.map((r) => r[i]!)].sort((a, b) => a.qps - b.qps)[Math.floor(rounds.length / 2)]!;
  const measured = rows.map((row, i) => ({ row, ...median(i) }));
  console.log(`\nDNS, ${binary.label}: queries per second (dnsperf, UDP, ${DNS_NAMES.length} names)`);
  const width = Math.max(...rows.map((r) => r.label.length));
  for (const m of measured)
    console.log(
      `${m.row.label.padEnd(width)}  ${(m.qps / 1000).toFixed(1)}k q/s${m.lost > 0 ? `  (${m.lost} lost)` : ''}`,
    );
  const by = (key: string) => measured.find((m) => m.row.key === key)!.qps;
  console.log(
    `  ${'pipyc DNS proxy vs dnsmasq'.padEnd(30)} ${(by('dns-pipyc') / by('dns-direct')).toFixed(2)}x  (what a pod's resolver sees)`,
  );
  console.log(
    `  ${'pipyc DNS proxy vs forwarder'.padEnd(30)} ${(by('dns-pipyc') / by('dns-minimal')).toFixed(2)}x  (the cost of decoding and learning)`,
  );
}
