#!/usr/bin/env node
// `pnpm repro:tables`: runs the built table reproduction (dist/ is made by `pnpm build`).
import("../dist/repro-tables-cli.js")
  .then(({ reproTablesMain }) => reproTablesMain(process.argv.slice(2)))
  .then((code) => process.exit(code))
  .catch((error) => {
    if (error?.code === "ERR_MODULE_NOT_FOUND" && String(error.message).includes("repro-tables-cli.js")) {
      console.error("repro:tables: apps/bench is not built yet; run `pnpm --filter @llmnist/bench build` (or `pnpm build`) first.");
    } else {
      console.error(`repro:tables: ${error instanceof Error ? error.message : String(error)}`);
    }
    process.exit(1);
  });
