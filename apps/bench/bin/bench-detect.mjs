#!/usr/bin/env node
// `pnpm bench:detect`: runs the built benchmark (dist/ is made by `pnpm build`).
import("../dist/bench-detect-cli.js")
  .then(({ benchDetectMain }) => benchDetectMain(process.argv.slice(2)))
  .then((code) => process.exit(code))
  .catch((error) => {
    if (error?.code === "ERR_MODULE_NOT_FOUND" && String(error.message).includes("bench-detect-cli.js")) {
      console.error("bench:detect: apps/bench is not built yet; run `pnpm --filter @llmnist/bench build` (or `pnpm build`) first.");
    } else {
      console.error(`bench:detect: ${error instanceof Error ? error.message : String(error)}`);
    }
    process.exit(1);
  });
