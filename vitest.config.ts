// Test runner settings: every suite under tests/ and unit tests beside their modules. Generated
// programs import `archc/runtime`; tests resolve it to the sources, as bin/source-resolve.mjs does.
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: [
      {
        find: /^archc\/runtime$/,
        replacement: fileURLToPath(new URL("./runtime/index.ts", import.meta.url)),
      },
    ],
  },
  test: {
    include: ["{grammar,compiler,runtime,tests}/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
    reporters: ["default", "./tests/support/summary-reporter.ts"],
  },
});
