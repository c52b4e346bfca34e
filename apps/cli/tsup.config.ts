import { defineConfig } from "tsup";

export default defineConfig({
  // index: the library (runTrain, preprocessing, loaders); main: the `llmnist` executable.
  entry: ["src/index.ts", "src/main.ts"],
  format: ["esm", "cjs"],
  dts: true,
  sourcemap: false,
  clean: true,
  target: "node20",
  // Entries share one copy of each module in CJS too (one class identity, one registry).
  splitting: true,
  // paths.ts uses import.meta.url; the shim makes it work in the CJS build too.
  shims: true,
});
