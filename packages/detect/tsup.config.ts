import { defineConfig } from "tsup";

export default defineConfig({
  entry: ["src/index.ts", "src/node.ts"],
  format: ["esm", "cjs"],
  dts: true,
  sourcemap: false,
  clean: true,
  target: "node20",
  // The /node entry re-uses the main entry's validation and evaluation: one copy in CJS too.
  splitting: true,
});
