import { defineConfig } from "tsup";
import { packageBuild } from "../../tsup.shared";

export default defineConfig(
  packageBuild({
    // replica-worker: the entry of data-parallel replica threads (found next to index.js).
    entry: { index: "src/index.ts", node: "src/node.ts", internal: "src/internal.ts", "replica-worker": "src/data-parallel/replica-worker.ts" },
  }),
);
