// The order test files start in. Vitest starts the files that ran longest last time first (its
// cache: .cache/vite/vitest/), so that the two workers of a 2-core machine finish together. On a
// cold cache (a fresh CI checkout) it starts the largest files first, which puts the end-to-end
// trainings, small files that run for minutes, last: one worker then trains alone at the end.
// Here a file without a cached duration that trains end to end (tests/e2e/) starts first instead.
import { relative } from "node:path";
import { BaseSequencer, type TestSpecification } from "vitest/node";

/** Folders whose files train models end to end: the slowest, whatever their size. */
const SLOW = ["tests/e2e/"];

export default class Sequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const root = this.ctx.config.root;
    const cold = (f: TestSpecification): boolean => {
      const path = relative(root, f.moduleId);
      return (
        this.ctx.cache.getFileTestResults(`${f.project.name}:${path}`) === undefined &&
        SLOW.some((dir) => path.startsWith(dir))
      );
    };
    return [...sorted.filter(cold), ...sorted.filter((f) => !cold(f))];
  }
}
