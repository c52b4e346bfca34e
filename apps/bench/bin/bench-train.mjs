#!/usr/bin/env node
// `pnpm bench:train`: runs the built benchmark (dist/ is made by `pnpm build`).
import("../dist/bench-train-cli.js")
  .then(({ benchTrainMain }) => benchTrainMain(process.argv.slice(2)))
  .then((code) => process.exit(code))
  .catch((error) => {
    if (error?.code === "ERR_MODULE_NOT_FOUND" && String(error.message).includes("bench-train-cli.js")) {
      console.error("bench:train: apps/bench is not built yet; run `pnpm --filter @llmnist/bench build` (or `pnpm build`) first.");
    } else {
      console.error(`bench:train: ${error instanceof Error ? error.message : String(error)}`);
    }
    process.exit(1);
  });
