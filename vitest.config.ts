import { defineConfig } from 'vitest/config';
import { locatePipy090 } from './test/support/pipy-binaries.js';

/** The real-Pipy suites run once per Pipy binary present: 1.5 (PIPY_BIN or pipy on PATH) and 0.90 (osm-edge's). */
const REAL_PIPY_TESTS = ['test/e2e/**/*.test.ts', 'test/verify/**/*.test.ts', 'test/publish/**/*.test.ts'];
const bin090 = locatePipy090();

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // The real-Pipy suites build network namespaces and time connections: one file at a time keeps them honest on 2 cores.
    fileParallelism: false,
    globalSetup: ['./test/support/global-setup.ts'],
    reporters: ['default', './test/support/real-pipy-reporter.ts'],
    projects: [
      { extends: true, test: { name: 'pipy-1.5', include: ['test/**/*.test.ts'], sequence: { groupOrder: 0 }, env: { PIPYC_TEST_PROJECT: 'pipy-1.5' } } },
      {
        extends: true,
        test: {
          name: 'pipy-0.90',
          include: REAL_PIPY_TESTS,
          sequence: { groupOrder: 1 },
          // Without the binary the suites skip, each with one line that says why (test/support/environment.ts).
          env: {
            PIPYC_TEST_PROJECT: 'pipy-0.90',
            ...(bin090 ? { PIPY_BIN: bin090 } : { PIPYC_NO_PIPY: 'no Pipy 0.90 binary (set PIPY090_BIN or install /usr/local/bin/pipy-0.90; see README "Real Pipy")' }),
          },
        },
      },
    ],
  },
});
