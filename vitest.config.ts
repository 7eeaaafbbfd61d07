import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // The real-Pipy suites build network namespaces and time connections: one file at a time keeps them honest on 2 cores.
    fileParallelism: false,
    globalSetup: ['./test/support/global-setup.ts'],
    reporters: ['default', './test/support/real-pipy-reporter.ts'],
  },
});
