// Test runner settings: every suite under tests/ and unit tests beside their modules.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["{grammar,compiler,runtime,tests}/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
    reporters: ["default", "./tests/support/summary-reporter.ts"],
  },
});
