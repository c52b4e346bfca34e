import { describe, expect, it } from "vitest";
import { measurePreset } from "./measure.js";
import { randomSplit } from "./random-split.js";

describe("measurePreset", () => {
  it("trains, evaluates and times one preset in this process", async () => {
    const m = await measurePreset({
      preset: "0.21M",
      loss: "ce",
      backend: "wasm",
      warmupSteps: 1,
      steps: 2,
      evalImages: 40,
      latencyRuns: 3,
      testSplit: randomSplit(50, 1),
    });
    expect(m).toMatchObject({ preset: "0.21M", loss: "ce", params: 214090, batch: 32, steps: 2, eval_images: 40, latency_runs: 3 });
    expect(m.backend_detail).toMatch(/^backend: /);
    for (const key of ["images_per_s", "ms_per_step", "eval_images_per_s", "latency_ms", "peak_rss_mb", "train_cpu_share"] as const) {
      expect(m[key], key).toBeGreaterThan(0);
      expect(Number.isFinite(m[key]), key).toBe(true);
    }
    expect(m.images_per_s).toBeCloseTo((32 * 1000) / m.ms_per_step, 6);
  });

  it("refuses more evaluation images than the test split has", async () => {
    await expect(
      measurePreset({ preset: "0.21M", loss: "ce", backend: "wasm", warmupSteps: 0, steps: 1, evalImages: 60, latencyRuns: 1, testSplit: randomSplit(50, 1) }),
    ).rejects.toThrow(/--eval-images 60 exceeds the 50 images of the test split/);
  });
});
