import { defineConfig, mergeConfig } from "vitest/config";
import shared from "../../vitest.shared";

export default mergeConfig(
  shared,
  defineConfig({
    test: {
      // tfjs-core's gradient registrations are ESM that Node cannot load (see src/gradients.ts):
      // let vite transform them. tfjs-core's main entry (tf-core.node.js) stays external.
      server: { deps: { inline: [/@tensorflow\/tfjs-core\/dist\/(?!tf-core\.node\.js)/] } },
    },
  }),
);
