import { defineConfig } from "tsup";

export default defineConfig({
  entry: ["src/index.ts", "src/node.ts"],
  format: ["esm", "cjs"],
  dts: true,
  sourcemap: false,
  clean: true,
  target: "node20",
  // Entries share one copy of each module in CJS too (one class identity, one registry).
  splitting: true,
  // tokenizer.ts finds the bundled tokenizer files relative to itself with import.meta.url: shim it in CJS.
  shims: true,
});
