import { defineConfig } from 'vitest/config';
import { locatePipy090, locatePipy1514 } from './test/support/pipy-binaries.js';

/** Suites that run a real Pipy, and (e2e) build network namespaces and time connections. */
const REAL_PIPY_TESTS = ['test/e2e/**/*.test.ts', 'test/verify/**/*.test.ts', 'test/publish/**/*.test.ts'];
const EVERY_BINARY_TEST = 'test/e2e/targets-on-binaries.e2e.test.ts';
const bin090 = locatePipy090();
const bin1514 = locatePipy1514();

/**
 * Four projects: first every other file in parallel (unit, golden, simulator, in-process CLI), then the real-Pipy
 * suites of Pipy 1.5 and Pipy 0.90.3 (osm-edge's) together, two files at a time, then the same suites on Pipy 1.5.14
 * (fsm's), the pipy-1.5 output's other binary. Each real-Pipy file builds namespaces of its own and asks for free
 * ports, so two never meet; most of their time is waiting (TTLs, idle timeouts), and the unit files, which would take
 * the cores while they time connections, are done by then.
 */
export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    globalSetup: ['./test/support/global-setup.ts'],
    reporters: ['default', './test/support/real-pipy-reporter.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: REAL_PIPY_TESTS,
          sequence: { groupOrder: 0 },
          env: { PIPYC_TEST_PROJECT: 'unit' },
        },
      },
      {
        extends: true,
        test: {
          name: 'pipy-1.5',
          include: REAL_PIPY_TESTS,
          maxWorkers: 2,
          sequence: { groupOrder: 1 },
          env: { PIPYC_TEST_PROJECT: 'pipy-1.5' },
        },
      },
      {
        extends: true,
        test: {
          name: 'pipy-0.90',
          include: REAL_PIPY_TESTS,
          // It runs every target on every binary present itself: the pipy-1.5 project runs it once.
          exclude: [EVERY_BINARY_TEST],
          maxWorkers: 2,
          sequence: { groupOrder: 1 },
          // Without the binary the suites skip, each with one line that says why (test/support/environment.ts).
          env: {
            PIPYC_TEST_PROJECT: 'pipy-0.90',
            ...(bin090
              ? { PIPY_BIN: bin090 }
              : {
                  PIPYC_NO_PIPY:
                    'no Pipy 0.90 binary (set PIPY090_BIN or install /usr/local/bin/pipy-0.90; see README "Real Pipy")',
                }),
          },
        },
      },
      {
        extends: true,
        test: {
          name: 'pipy-1.5.14',
          include: REAL_PIPY_TESTS,
          exclude: [EVERY_BINARY_TEST],
          maxWorkers: 2,
          sequence: { groupOrder: 2 },
          env: {
            PIPYC_TEST_PROJECT: 'pipy-1.5.14',
            ...(bin1514
              ? { PIPY_BIN: bin1514 }
              : {
                  PIPYC_NO_PIPY:
                    'no Pipy 1.5.14 binary (set PIPY1514_BIN or install /usr/local/bin/pipy-1.5.14; see README "Real Pipy")',
                }),
          },
        },
      },
    ],
  },
});
