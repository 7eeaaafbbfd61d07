import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { explain, type Probe } from '../../src/index.js';
import { announceSkip, netnsMissing } from '../support/environment.js';
import { compileToDir } from '../support/compile-to-dir.js';
import { Lab } from '../support/netns-lab.js';
import { observe } from '../support/probe-runner.js';
import { answeredBySidecar } from '../support/tables.js';
import { ownPortsOf, randomProbe, randomSpec, rng } from '../support/random-specs.js';

const missing = netnsMissing();
announceSkip('explain() vs real Pipy differential', missing);

const SPECS = 6;
const PROBES_PER_SPEC = 90;
const seed = Number(process.env.PIPYC_SEED ?? 4242);

/** What the external host speaks on each port; a forwarded probe must speak it to be recognisable. */
const serverProtocol = (port: number) => (port === 80 ? 'http' : port === 443 ? 'tls' : 'tcp');

describe.skipIf(missing)(
  `explain() vs real Pipy: ${SPECS} random specs x ${PROBES_PER_SPEC} probes (seed ${seed}; PIPYC_SEED reruns another)`,
  () => {
    let lab: Lab;
    beforeAll(async () => {
      lab = await Lab.open();
    });
    afterAll(async () => {
      await lab?.close();
    });

    it('every probe ends the way explain() says', { timeout: 600_000 }, async () => {
      const r = rng(seed);
      const mismatches: string[] = [];
      let probes = 0;
      const slow: string[] = [];
      for (let s = 0; s < SPECS; s++) {
        const spec = randomSpec(r);
        const { dir, result } = compileToDir(spec);
        const pipy = await lab.startPipy(dir, result.manifest.pipy.argv.slice(1, -1));
        try {
          for (let p = 0; p < PROBES_PER_SPEC; p++) {
            let probe: Probe;
            let expected: ReturnType<typeof explain>;
            do {
              probe = randomProbe(r, { ipv4Only: true, ownPorts: ownPortsOf(spec) });
              expected = explain(spec, probe);
            } while (
              expected.outcome === 'forward' &&
              probe.protocol !== serverProtocol(Number(probe.dst.split(':')[1]))
            );
            const t0 = Date.now();
            const seen = await observe(lab, probe, 7000);
            if (Date.now() - t0 > 1000)
              slow.push(`${Date.now() - t0} ms ${JSON.stringify(probe)} ${JSON.stringify(expected)} ${seen.outcome}`);
            probes++;
            const same =
              seen.outcome === expected.outcome &&
              (!answeredBySidecar(expected.outcome) || seen.reason === expected.reason);
            if (!same) {
              mismatches.push(
                `spec ${s} probe ${p}: ${JSON.stringify(probe)} explain=${JSON.stringify(expected)} pipy=${JSON.stringify({ outcome: seen.outcome, reason: seen.reason, raw: seen.raw })}\n  spec: ${JSON.stringify(spec)}`,
              );
            }
          }
          expect(pipy.running(), `Pipy died under spec ${s} (seed ${seed})`).toBe(true);
        } finally {
          await pipy.stop();
        }
      }
      if (slow.length) console.log(slow.join('\n'));
      console.log(
        `[real-pipy] differential: ${probes} probes over ${SPECS} specs, ${mismatches.length} mismatches (seed ${seed})`,
      );
      expect(mismatches, `seed ${seed}:\n${mismatches.slice(0, 5).join('\n')}`).toEqual([]);
      expect(probes).toBeGreaterThanOrEqual(500);
    });
  },
);
