#!/usr/bin/env node
// The installed command: runs the built CLI (dist/main.js is made by `pnpm build`).
import("../dist/main.js").catch((error) => {
  if (error?.code === "ERR_MODULE_NOT_FOUND" && String(error.message).includes("dist/main.js")) {
    console.error("llmnist: the CLI is not built yet; run `pnpm build` first.");
    process.exit(1);
  }
  throw error;
});
