import { defineConfig } from "tsup";

export default defineConfig({
  // replica-worker: the entry of data-parallel replica threads (found next to index.js).
  entry: { index: "src/index.ts", internal: "src/internal.ts", "replica-worker": "src/data-parallel/replica-worker.ts" },
  format: ["esm", "cjs"],
  dts: true,
  sourcemap: false,
  clean: true,
  target: "node20",
  // Entries share one copy of each module in CJS too (one class identity, one registry).
  splitting: true,
  // backend.ts resolves tfjs-node relative to itself with import.meta.url: shim it in CJS.
  shims: true,
});
