import { defineConfig } from "tsup";

export default defineConfig({
  // index: the library (runTrain, preprocessing, loaders); main: the `llmnist` executable.
  entry: ["src/index.ts", "src/main.ts"],
  format: ["esm", "cjs"],
  dts: true,
  sourcemap: true,
  clean: true,
  target: "node20",
  // paths.ts uses import.meta.url; the shim makes it work in the CJS build too.
  shims: true,
});
