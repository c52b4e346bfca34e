import { defineConfig } from "vitest/config";

/** Test settings every package shares; each package's vitest.config.ts re-exports this. */
export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Two cores: one test file at a time keeps timings stable and memory low.
    fileParallelism: false,
    // The JSON report feeds the repository-wide "N passed, N failed" line (scripts/test-summary.mjs).
    reporters: ["default", "json"],
    outputFile: { json: ".vitest/report.json" },
  },
});
