import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { loadVitDetector } from "@llmnist/vit-detector/node";
import { describe, expect, it } from "vitest";
import { runCli } from "../cli.js";
import { capture, tempDir } from "../test-helpers.js";

describe("llmnist detect-train", () => {
  it("trains a few steps on canvases of MNIST training digits, scores COCO mAP on test canvases and saves a model that loads", async () => {
    const out = tempDir("detect-train");
    const args = ["detect-train", "--canvases", "32", "--test-canvases", "4", "--test-sizes", "64x48,96x96", "--epochs", "1", "--batch", "8", "--warmup-steps", "1", "--threads", "1", "--out", out];
    const { code, stdout, stderr } = await capture(() => runCli(args));
    expect(code, stderr).toBe(0);
    expect(stdout).toMatch(/best epoch 1: COCO AP [\d.]+, AP50 [\d.]+, AP75 [\d.]+ on 4 test canvases/);
    const summary = JSON.parse(readFileSync(join(out, "summary.json"), "utf8")) as { train_canvases: number; map_50: number; params: number };
    expect(summary.train_canvases).toBe(32);
    expect(summary.map_50).toBeGreaterThanOrEqual(0);
    expect(existsSync(join(out, "metrics.jsonl"))).toBe(true);
    const model = await loadVitDetector(join(out, "model.safetensors"));
    expect(model.countParams()).toBe(summary.params);
    model.disposeWeights();
  }, 120_000);

  it("refuses bad canvas options with the flag's name", async () => {
    const { code, stderr } = await capture(() => runCli(["detect-train", "--sizes", "8x8", "--out", tempDir("detect-train-bad")]));
    expect(code).toBe(2);
    expect(stderr).toMatch(/--sizes \(size 1, width\): expected an integer in \[16, 4096\], got 8/);
  });
});
