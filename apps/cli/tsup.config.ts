import { defineConfig } from "tsup";
import { packageBuild } from "../../tsup.shared";

export default defineConfig(
  packageBuild({
    // index: the library (runTrain, preprocessing, loaders); main: the `llmnist` executable.
    entry: ["src/index.ts", "src/main.ts"],
  }),
);
