#!/usr/bin/env node
// `pnpm bench:serve`: runs the built benchmark (dist/ is made by `pnpm build`).
import("../dist/bench-serve-cli.js")
  .then(({ benchServeMain }) => benchServeMain(process.argv.slice(2)))
  .then((code) => process.exit(code))
  .catch((error) => {
    if (error?.code === "ERR_MODULE_NOT_FOUND" && String(error.message).includes("bench-serve-cli.js")) {
      console.error("bench:serve: apps/bench is not built yet; run `pnpm --filter @llmnist/bench build` (or `pnpm build`) first.");
    } else {
      console.error(`bench:serve: ${error instanceof Error ? error.message : String(error)}`);
    }
    process.exit(1);
  });
