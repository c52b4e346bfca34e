// `pnpm --filter @llmnist/web build`: compiles the build script (src/build/, TypeScript) with
// esbuild and runs it. The output sits in .build/build/, two levels below apps/web like
// src/build/ (its paths derive from import.meta.url), and its imports resolve from this app.
import { build } from "esbuild";

const outfile = new URL("../.build/build/build-web.mjs", import.meta.url).pathname;
await build({
  entryPoints: [new URL("../src/build/main.ts", import.meta.url).pathname],
  outfile,
  bundle: true,
  packages: "external",
  platform: "node",
  format: "esm",
  target: "node20",
  logLevel: "warning",
});
await import(outfile);
