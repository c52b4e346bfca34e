import { defineConfig } from "tsup";
import { packageBuild } from "../../tsup.shared";

export default defineConfig(
  packageBuild({
    entry: ["src/index.ts", "src/node.ts", "src/internal.ts"],
  }),
);
