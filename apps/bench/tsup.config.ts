import { defineConfig } from "tsup";

export default defineConfig({
  // bench-child.js is spawned by path (one process per preset), so it is an entry of its own.
  entry: ["src/index.ts", "src/bench-train-cli.ts", "src/bench-serve-cli.ts", "src/bench-detect-cli.ts", "src/bench-child.ts", "src/repro-tables-cli.ts"],
  format: ["esm"],
  dts: { entry: "src/index.ts" },
  sourcemap: true,
  clean: true,
  target: "node20",
});
