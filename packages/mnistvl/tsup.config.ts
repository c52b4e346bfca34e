import { defineConfig } from "tsup";

export default defineConfig({
  entry: ["src/index.ts"],
  format: ["esm", "cjs"],
  dts: true,
  sourcemap: true,
  clean: true,
  target: "node20",
  // tokenizer.ts finds the bundled tokenizer files relative to itself with import.meta.url: shim it in CJS.
  shims: true,
});
