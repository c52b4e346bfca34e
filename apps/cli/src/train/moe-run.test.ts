import { readFileSync } from "node:fs";
import { parseMetricsJsonl } from "@llmnist/train";
import { describe, expect, it } from "vitest";
import { runCli } from "../cli.js";
import { capture, tempDir } from "../test-helpers.js";
import { outFiles } from "./out-files.js";
import type { TrainSummary } from "./summary.js";

// A tiny mixture-of-experts run: 64 images at batch 16 is 4 steps, on both threads like repro:tables' runs.
const FLAGS = ["--preset", "0.21M-moe4", "--train-limit", "64", "--test-limit", "32", "--epochs", "1", "--batch", "16", "--seed", "7", "--threads", "2"];

describe("llmnist train --preset 0.21M-moe4", () => {
  const dir = tempDir("train-moe");
  const files = outFiles(dir);

  it("is listed in the help apart from the paper's presets; an unknown preset is refused naming them all", async () => {
    const help = await capture(() => runCli(["train", "--help"]));
    expect(help.stdout).toContain("--preset NAME          the paper's: 0.21M | 0.25M | 1.68M | 53.53M (default 0.21M)");
    expect(help.stdout).toContain("mixture of experts (beyond the paper): 0.21M-moe4");
    const wrong = await capture(() => runCli(["train", "--preset", "0.21M-moe8", "--out", `${dir}-never`]));
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('--preset must be one of 0.21M, 0.25M, 1.68M, 53.53M, 0.21M-moe4, got "0.21M-moe8"');
  });

  it("trains, and summary.json has the parameter counts, the experts' load and the aux loss", async () => {
    const { code, stderr } = await capture(() => runCli(["train", ...FLAGS, "--out", dir]));
    expect(code, stderr).toBe(0);
    expect(stderr).toContain("model: ViT 0.21M-moe4 (657,994 parameters, 215,626 active per token)");
    const summary = JSON.parse(readFileSync(files.summary, "utf8")) as TrainSummary;
    expect(summary).toMatchObject({ preset: "0.21M-moe4", loss: "ce", params: 657_994, params_total: 657_994, params_active: 215_626, test_images: 32 });
    expect(summary.moe).toMatchObject({ experts: 4, top_k: 1 });
    const load = summary.moe!.load;
    expect(load).toHaveLength(6);
    for (const layer of load) {
      expect(layer).toHaveLength(4);
      for (const fraction of layer) expect(fraction).toBeGreaterThanOrEqual(0);
      expect(layer.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    }
    const metrics = parseMetricsJsonl(readFileSync(files.metrics, "utf8"), "metrics.jsonl", ["train_aux_loss"]);
    expect(summary.train_aux_loss).toBe(metrics.at(-1)!.train_aux_loss);
    expect(summary.train_aux_loss).toBeGreaterThan(0);
    expect(summary.train_images_per_second).toBeGreaterThan(0);
  });

  it("eval loads its best.safetensors (config inside) and its checkpoint (preset from the shapes)", async () => {
    const summary = JSON.parse(readFileSync(files.summary, "utf8")) as TrainSummary;
    const best = await capture(() => runCli(["eval", "--checkpoint", files.best, "--limit", "32", "--json"]));
    expect(best.code, best.stderr).toBe(0);
    expect(JSON.parse(best.stdout)).toMatchObject({ preset: "0.21M-moe4" });
    expect((JSON.parse(best.stdout) as { accuracy: number }).accuracy).toBeCloseTo(summary.best_accuracy, 6);
    const checkpoint = await capture(() => runCli(["eval", "--checkpoint", files.checkpoint, "--limit", "32", "--json"]));
    expect(checkpoint.code, checkpoint.stderr).toBe(0);
    expect(checkpoint.stderr).toContain("model: ViT 0.21M-moe4 (657,994 parameters, 215,626 active per token), llmnist training checkpoint");
    // One epoch: the final weights are the best ones.
    expect((JSON.parse(checkpoint.stdout) as { accuracy: number }).accuracy).toBeCloseTo(summary.final_accuracy, 6);
  });
});
