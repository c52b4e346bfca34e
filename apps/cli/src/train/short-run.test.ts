import { describe, expect, it } from "vitest";
import { tempDir } from "../test-helpers.js";
import { runTrain } from "./run-train.js";

// The whole path, for real: MNIST, the 0.21M ViT, the paper's schedule shape, AdamW and the
// selected backend (wasm with the fast kernels here). 9,600 training images at batch 32 is
// 300 steps; accuracy on 1,000 test images must be far above the 10% of chance.
describe("a short real training run", () => {
  const outDir = tempDir("short-run");

  for (const loss of ["ce", "cpo"] as const) {
    it(`0.21M, ${loss}, 300 steps: test accuracy far above chance`, async () => {
      const { summary } = await runTrain({
        preset: "0.21M",
        loss,
        outDir: `${outDir}/${loss}`,
        epochs: 1,
        batch: 32,
        seed: 1,
        trainLimit: 9600,
        testLimit: 1000,
        progress: false,
        log: () => {},
      });
      expect(summary.final_accuracy).toBeGreaterThan(70);
    }, 300_000);
  }
});
