import type { Reporter, TestModule } from 'vitest/node';
import { pipyVersion } from '../../src/verify/verify.js';
import { binaryOfProject } from './pipy-binaries.js';

/** Files whose tests need a real Pipy binary (and, for e2e, root and network namespaces). */
const REAL_PIPY = /\/test\/(e2e|verify|publish)\//;

type Counts = { passed: number; failed: number; skipped: number };

/**
 * After the run: per Pipy binary (test project), which version ran how many real-Pipy tests and how many were skipped,
 * then the plain closing line 'tests: N passed, N failed, N skipped'.
 */
export default class RealPipyReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const perProject = new Map<string, Counts>();
    const all: Counts = { passed: 0, failed: 0, skipped: 0 };
    for (const m of modules) {
      const project = m.project.name || 'tests';
      for (const t of m.children.allTests()) {
        const state = t.result().state;
        if (state !== 'passed' && state !== 'failed' && state !== 'skipped') continue;
        all[state]++;
        if (!REAL_PIPY.test(m.moduleId)) continue;
        const counts = perProject.get(project) ?? { passed: 0, failed: 0, skipped: 0 };
        counts[state]++;
        perProject.set(project, counts);
      }
    }
    for (const [project, counts] of [...perProject].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const binary = binaryOfProject(project);
      const which =
        binary && counts.passed + counts.failed > 0 ? `Pipy ${pipyVersion(binary)} (${binary})` : 'no binary';
      const ran = counts.passed + counts.failed;
      console.log(
        ran === 0
          ? `real-Pipy tests, ${project}: none ran, ${counts.skipped} skipped (see the [skip] ${project} lines above for why)`
          : `real-Pipy tests, ${project} on ${which}: ${ran} ran (${counts.passed} passed, ${counts.failed} failed), ${counts.skipped} skipped`,
      );
    }
    console.log(`tests: ${all.passed} passed, ${all.failed} failed, ${all.skipped} skipped`);
  }
}
