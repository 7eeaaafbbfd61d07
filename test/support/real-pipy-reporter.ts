import type { Reporter, TestModule } from 'vitest/node';

/** Files whose tests need a real Pipy binary (and, for e2e, root and network namespaces). */
const REAL_PIPY = /\/test\/(e2e|verify|publish)\//;

/** After the run: how many real-Pipy tests ran, then the plain closing line 'N passed, N failed, N skipped'. */
export default class RealPipyReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const counts = { passed: 0, failed: 0, skipped: 0 };
    const all = { passed: 0, failed: 0, skipped: 0 };
    for (const m of modules) {
      for (const t of m.children.allTests()) {
        const state = t.result().state;
        if (state !== 'passed' && state !== 'failed' && state !== 'skipped') continue;
        all[state]++;
        if (REAL_PIPY.test(m.moduleId)) counts[state]++;
      }
    }
    const ran = counts.passed + counts.failed;
    console.log(
      ran === 0
        ? `real-Pipy tests: none ran, ${counts.skipped} skipped (see the [skip] lines above for why)`
        : `real-Pipy tests: ${ran} ran (${counts.passed} passed, ${counts.failed} failed), ${counts.skipped} skipped`,
    );
    console.log(`tests: ${all.passed} passed, ${all.failed} failed, ${all.skipped} skipped`);
  }
}
