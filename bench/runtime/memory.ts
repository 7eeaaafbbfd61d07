// The memory table of bench:runtime: each spec shape of 10,000 policies (plus the benchmark's one HTTP policy) next
// to the one-policy sidecar, RSS once its tables are loaded, before any traffic, at the log levels that keep policy
// names (info) and that do not (error). The wrk rows read RSS after their traffic, at error only.
import { join } from 'node:path';
import type { SidecarSpec, Target } from '../../src/index.js';
import { SPEC_SHAPES, shapedSpec } from '../spec-shapes.js';
import { entryOf, HTTP_POLICY, PIPYC_SPECS, writeCompiled } from './codebases.js';
import { type BenchLab, sleep } from './lab.js';
import type { PipyBinary } from './preflight.js';

const LEVELS = ['error', 'info'] as const;
type Level = (typeof LEVELS)[number];

/** How long a started sidecar is left before its RSS is read (its tables are loaded before it listens). */
const SETTLE_MS = 500;

const atLevel = (s: SidecarSpec, level: Level): SidecarSpec => ({ ...s, Spec: { ...s.Spec, SidecarLogLevel: level } });

async function rssAtStart(lab: BenchLab, binary: PipyBinary, dir: string, spec: SidecarSpec): Promise<number> {
  const codebase = writeCompiled(dir, 'codebase', spec, binary.target);
  const sidecar = await lab.startSidecar(binary.path, codebase.dir, await entryOf(lab, codebase), codebase.args);
  try {
    await sleep(SETTLE_MS);
    return sidecar.rssKiB();
  } finally {
    await sidecar.stop();
  }
}

export async function memoryTable(lab: BenchLab, binary: PipyBinary, target: Target): Promise<void> {
  const root = join(lab.dir, binary.key, 'memory');
  const rows = [
    { key: 'one', label: 'pipyc 1 HTTP policy', spec: PIPYC_SPECS.http },
    ...SPEC_SHAPES.map((shape) => ({
      key: shape.key,
      label: `10,001 policies, ${shape.key}`,
      spec: shapedSpec(shape, 10_000, [HTTP_POLICY]),
    })),
  ];
  const measured: Record<string, Record<Level, number>> = {};
  for (const row of rows) {
    measured[row.key] = { error: 0, info: 0 };
    for (const level of LEVELS)
      measured[row.key]![level] = await rssAtStart(lab, binary, join(root, row.key, level), atLevel(row.spec, level));
  }
  console.log(`\nMemory at start, ${binary.label} (--target ${target}): RSS MiB, and against the one-policy sidecar`);
  const width = Math.max(...rows.map((r) => r.label.length));
  console.log(`${'sidecar'.padEnd(width)}  ${LEVELS.map((l) => `SidecarLogLevel ${l}`.padStart(24)).join('  ')}`);
  const one = measured.one!;
  for (const row of rows) {
    const cells = LEVELS.map((level) => {
      const kib = measured[row.key]![level];
      const ratio = row.key === 'one' ? '' : ` (${(kib / one[level]).toFixed(2)}x)`;
      return `${(kib / 1024).toFixed(1)}${ratio}`.padStart(24);
    });
    console.log(`${row.label.padEnd(width)}  ${cells.join('  ')}`);
  }
  console.log('  target: every shape <= 2x the one-policy sidecar');
}
