import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { meshCodebaseMissing } from '../../lab/mesh-codebase.js';
import { compileValue, explain, writeCodebase, type SidecarSpec } from '../../src/index.js';
import { TARGETS, type Target } from '../../src/sidecar-spec/targets.js';
import { announceSkip, netnsMissing } from '../support/environment.js';
import { Lab, type PipyProcess } from '../support/netns-lab.js';
import { MESH_SERVICES, podCodebase, pluginScriptOf, pluginSpecOf, startMeshPod } from '../support/osm-edge-plugin.js';
import { binariesPresent, knownBinaries } from '../support/pipy-binaries.js';
import { observe } from '../support/probe-runner.js';
import { answeredBySidecar, loadTable } from '../support/tables.js';
import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Every target on every binary present, once: only the pipy-1.5 project runs this file (vitest.config.ts).
const missing = netnsMissing() ?? meshCodebaseMissing('osm-edge');
announceSkip('every output target on every Pipy binary present', missing);
for (const b of knownBinaries().filter((b) => !b.path))
  announceSkip(`every output target on ${b.name}`, 'not installed (see README "Real Pipy")');

/** The pairs whose output must decide as explain() does; the pipy-1.5 output refuses to start on Pipy 0.90. */
const runs = (target: Target, binary: string) => !(target === 'pipy-1.5' && binary.includes('0.90'));
const PAIRS = TARGETS.flatMap((target) => binariesPresent().map((b) => ({ target, binary: b })));
const table = loadTable('egress-policies');

function codebaseOf(spec: unknown, target: Target): string {
  const parent = mkdtempSync(join(tmpdir(), 'pipyc-matrix-'));
  chmodSync(parent, 0o755);
  const dir = join(parent, 'codebase');
  writeCodebase(dir, compileValue(spec, { target }).files);
  return dir;
}

describe.skipIf(missing).each(PAIRS.filter((p) => runs(p.target, p.binary.name)))(
  'the $target output on $binary.name',
  ({ target, binary }) => {
    let lab: Lab;
    beforeAll(async () => {
      lab = await Lab.open();
    });
    afterAll(async () => {
      await lab?.close();
    });

    async function decidesAsExplain(spec: SidecarSpec, start: () => Promise<PipyProcess>, rows = table.rows) {
      const pipy = await start();
      try {
        const wrong: string[] = [];
        for (const row of rows) {
          const expected = explain(spec, row.probe);
          const seen = await observe(lab, row.probe, row.probe.protocol === 'tcp' ? 7000 : 3000);
          const got = { outcome: seen.outcome, ...(seen.reason && { reason: seen.reason }) };
          const want = {
            outcome: expected.outcome,
            ...(answeredBySidecar(expected.outcome) && { reason: expected.reason }),
          };
          if (JSON.stringify(got) !== JSON.stringify(want))
            wrong.push(`${row.name}: ${JSON.stringify(got)}, not ${JSON.stringify(want)}`);
        }
        expect(wrong).toEqual([]);
      } finally {
        await pipy.stop();
      }
    }

    it('the standalone sidecar decides the egress-policies table as explain() does', async () => {
      const spec = table.spec as SidecarSpec;
      const dir = codebaseOf(spec, target);
      await decidesAsExplain(spec, () =>
        lab.startPipyOn('main.js', ['--admin-port-off', '--log-level=error'], 15001, dir, {}, binary.path),
      );
    }, 120_000);

    it("the plugin in osm-edge's stock scripts decides it as explain() does", async () => {
      const spec = table.spec as SidecarSpec;
      // What the pod's config.json routes in-mesh is osm-edge's to decide, not the plugin's.
      const egress = table.rows.filter((r) => !MESH_SERVICES.some((s) => r.probe.dst === `${s.ip}:${s.port}`));
      await decidesAsExplain(
        pluginSpecOf(spec),
        () => startMeshPod(lab, pluginScriptOf(spec, target), { logLevel: 'error', binary: binary.path }),
        egress,
      );
    }, 120_000);
  },
);

const pipy090 = binariesPresent().find((b) => b.name.includes('0.90'));

describe.skipIf(missing || !pipy090)('the pipy-1.5 output on Pipy 0.90', () => {
  let lab: Lab;
  beforeAll(async () => {
    lab = await Lab.open();
  });
  afterAll(async () => {
    await lab?.close();
  });

  it.each(['sidecar', 'plugin'] as const)('the %s refuses to start, and says why', async (family) => {
    const spec = table.spec as SidecarSpec;
    const dir = family === 'sidecar' ? codebaseOf(spec, 'pipy-1.5') : podCodebase(pluginScriptOf(spec, 'pipy-1.5'));
    const run = await lab.runInPod(['timeout', '10', pipy090!.path, '--admin-port-off', join(dir, 'main.js')]);
    expect(run.code).toBe(1);
    expect(run.out + run.err).toContain(
      'pipyc: this script is compiled for Pipy 1.5 (--target pipy-1.5) and does not run on Pipy 0.90: compile it with --target pipy-0.90',
    );
  });
});
