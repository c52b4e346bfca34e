import { defineConfig } from "tsup";

export default defineConfig({
  // replica-worker: the entry of data-parallel replica threads (found next to index.js).
  entry: { index: "src/index.ts", "replica-worker": "src/data-parallel/replica-worker.ts" },
  format: ["esm", "cjs"],
  dts: true,
  sourcemap: true,
  clean: true,
  target: "node20",
  // backend.ts resolves tfjs-node relative to itself with import.meta.url: shim it in CJS.
  shims: true,
  // tfjs-core's gradient registrations are ESM that Node cannot load (see src/gradients.ts).
  noExternal: [/^@tensorflow\/tfjs-core\/dist\//],
});
