import { defineConfig } from "tsup";

export default defineConfig({
  entry: ["src/index.ts"],
  format: ["esm", "cjs"],
  dts: true,
  sourcemap: false,
  clean: true,
  target: "node20",
  // vitFactory / lossFactory name this package's ESM entry with import.meta.url: shim it in CJS.
  shims: true,
});
