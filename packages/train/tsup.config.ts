import { defineConfig } from "tsup";

export default defineConfig({
  entry: ["src/index.ts"],
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
