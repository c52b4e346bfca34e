// `pnpm --filter @llmnist/web build` (scripts/build.mjs compiles and runs this file).
import { relative } from "node:path";
import { buildDist } from "./build-dist.js";
import { DIST_DIR } from "./paths.js";

const started = performance.now();
const { files, bytes } = await buildDist(DIST_DIR);
const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.log(`@llmnist/web: ${relative(process.cwd(), DIST_DIR) || "."} (${files} files, ${(bytes / 2 ** 20).toFixed(1)} MiB) in ${seconds} s`);
