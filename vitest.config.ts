// Test runner settings: every suite under tests/ and unit tests beside their modules. Generated
// programs import `archc/runtime`; tests resolve it to the sources, as bin/source-resolve.mjs does.
// Speed on small machines (docs/testing.md): vitest's default worker count is cores − 1, one
// worker on a 2-core CI runner, so the suite ran file after file; the test files spend their time
// in one JavaScript thread each (tfjs cpu/wasm), so two workers on two cores halve the run. Its
// cache (file durations, read to start the slowest files first) lives in .cache/ with the gates';
// without one, tests/support/sequencer.ts starts the end-to-end trainings first.
// Dependencies with a single-file build load that file (bin/bundled-deps.mjs), once per test file.
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import { BUNDLED } from "./bin/bundled-deps.mjs";
import Sequencer from "./tests/support/sequencer.ts";

/** Every core up to 2, cores − 1 (vitest's default) beyond: the main process is mostly idle. */
const cores = availableParallelism();
const workers = Math.min(cores, Math.max(2, cores - 1));

export default defineConfig({
  cacheDir: ".cache/vite",
  resolve: {
    alias: [
      {
        find: /^archc\/runtime$/,
        replacement: fileURLToPath(new URL("./runtime/index.ts", import.meta.url)),
      },
      ...Object.entries(BUNDLED).map(([name, url]) => ({
        find: new RegExp(`^${name}$`),
        replacement: fileURLToPath(url),
      })),
    ],
  },
  test: {
    include: ["{grammar,compiler,runtime,tests}/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
    maxWorkers: workers,
    sequence: { sequencer: Sequencer },
    reporters: ["default", "./tests/support/summary-reporter.ts"],
  },
});
