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

  it("--init starts from a detector's weights and config; training sizes alternate by step", async () => {
    const first = tempDir("detect-train-init-from");
    const base = ["--canvases", "16", "--test-canvases", "2", "--test-sizes", "48x48", "--epochs", "1", "--batch", "8", "--warmup-steps", "0", "--threads", "1"];
    expect((await capture(() => runCli(["detect-train", ...base, "--out", first]))).code).toBe(0);
    const out = tempDir("detect-train-init");
    // A learning rate of 1e-12 leaves the weights where --init put them.
    const args = ["detect-train", ...base, "--init", join(first, "model.safetensors"), "--lr", "1e-12", "--sizes", "48x48,64x32", "--center-radius", "0", "--out", out];
    const { code, stderr } = await capture(() => runCli(args));
    expect(code, stderr).toBe(0);
    const [before, after] = [await loadVitDetector(join(first, "model.safetensors")), await loadVitDetector(join(out, "model.safetensors"))];
    const weights = (m: typeof before) => m.namedParameters().map(([name, v]) => [name, Array.from(v.dataSync())] as const);
    const a = weights(before);
    weights(after).forEach(([name, values], k) => {
      expect(name).toBe(a[k]![0]);
      values.forEach((v, i) => expect(Math.abs(v - a[k]![1][i]!)).toBeLessThan(1e-6));
    });
    before.disposeWeights();
    after.disposeWeights();
    const missing = await capture(() => runCli(["detect-train", "--init", join(out, "nope.safetensors"), "--out", tempDir("detect-train-none")]));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("nope.safetensors: no such file");
  }, 120_000);

  it("refuses bad canvas options with the flag's name", async () => {
    const { code, stderr } = await capture(() => runCli(["detect-train", "--sizes", "8x8", "--out", tempDir("detect-train-bad")]));
    expect(code).toBe(2);
    expect(stderr).toMatch(/--sizes \(size 1, width\): expected an integer in \[16, 4096\], got 8/);
  });
});
