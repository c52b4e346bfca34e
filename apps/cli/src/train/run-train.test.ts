import { existsSync, readFileSync } from "node:fs";
import { takeSubset } from "@llmnist/mnist-data";
import { loadMnistSplit } from "@llmnist/mnist-data/node";
import { evaluateClassifier, parseMetricsJsonl, TrainingAbortedError, type ProgressSink } from "@llmnist/train";
import { loadViT } from "@llmnist/vit/node";
import { describe, expect, it } from "vitest";
import { runCli } from "../cli.js";
import { capture, tempDir } from "../test-helpers.js";
import { outFiles } from "./out-files.js";
import { runTrain, type RunTrainOptions } from "./run-train.js";
import type { TrainSummary } from "./summary.js";

// Tiny runs: 64 images, batch 16 -> 4 steps an epoch, 2 epochs (a few seconds on wasm).
const FLAGS = ["--train-limit", "64", "--test-limit", "64", "--epochs", "2", "--batch", "16", "--seed", "7", "--threads", "2"];
const quiet = { progress: false, log: () => {} } as const;
const small = (outDir: string): RunTrainOptions => ({
  threads: 2,
  preset: "0.21M",
  loss: "ce",
  outDir,
  trainLimit: 64,
  testLimit: 64,
  epochs: 2,
  batch: 16,
  seed: 7,
  checkpointEverySteps: 1,
  ...quiet,
});

const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, "utf8")) as T;

describe("llmnist train", () => {
  const fullDir = tempDir("train-full");

  it("writes the models, metrics, pictures and a summary that agree with each other", async () => {
    const { code, stdout } = await capture(() => runCli(["train", ...FLAGS, "--out", fullDir]));
    expect(code).toBe(0);
    const files = outFiles(fullDir);
    for (const path of Object.values(files)) expect(existsSync(path), path).toBe(true);
    expect(stdout).toContain(`results in ${files.summary}`);

    const summary = readJson<TrainSummary>(files.summary);
    const metrics = parseMetricsJsonl(readFileSync(files.metrics, "utf8"), "metrics.jsonl", ["test_accuracy"]);
    expect(metrics.map((m) => m.epoch)).toEqual([1, 2]);
    const accuracies = metrics.map((m) => m.test_accuracy);
    expect(summary).toMatchObject({
      preset: "0.21M",
      loss: "ce",
      seed: 7,
      epochs: 2,
      batch: 16,
      train_images: 64,
      test_images: 64,
      params: 214_090,
      best_accuracy: Math.max(...accuracies),
      best_epoch: accuracies.indexOf(Math.max(...accuracies)) + 1,
      final_accuracy: accuracies[1],
      command: `llmnist train ${FLAGS.join(" ")} --out ${fullDir}`,
    });
    // Exactly these fields (committed results depend on them): the mixture-of-experts ones stay out.
    expect(Object.keys(summary)).toEqual([
      "preset", "loss", "seed", "epochs", "batch", "train_images", "test_images", "best_accuracy", "best_epoch",
      "final_accuracy", "params", "backend", "threads", "wall_seconds", "command",
    ]);
    expect(summary.wall_seconds).toBeGreaterThan(0);
    expect(["tensorflow-gpu", "tensorflow", "wasm", "cpu"]).toContain(summary.backend);
    // --threads 2: data-parallel on the single-threaded backends, TensorFlow's own threads otherwise.
    expect(summary.threads).toBe(summary.backend === "wasm" || summary.backend === "cpu" ? 2 : 1);

    // Both models load with loadViT (config inside) and score what the summary says.
    const test = takeSubset(await loadMnistSplit("test"), 64);
    const finalModel = await loadViT(files.model);
    const bestModel = await loadViT(files.best);
    expect(evaluateClassifier(finalModel, test).accuracy).toBeCloseTo(summary.final_accuracy, 6);
    expect(evaluateClassifier(bestModel, test).accuracy).toBeCloseTo(summary.best_accuracy, 6);
    for (const svg of [files.curve, files.confusion]) expect(readFileSync(svg, "utf8")).toMatch(/^(<\?xml[^>]*>\s*)?<svg[\s\S]*<\/svg>\s*$/);

    // eval reads the run's best model without --preset and agrees with it.
    const evaluated = await capture(() => runCli(["eval", "--checkpoint", files.best, "--limit", "64", "--json"]));
    expect(evaluated.code).toBe(0);
    expect((JSON.parse(evaluated.stdout) as { accuracy: number }).accuracy).toBeCloseTo(summary.best_accuracy, 6);
  });

  it("stopped mid-epoch and resumed, ends where an uninterrupted run ends", async () => {
    const dir = tempDir("train-resume");
    const controller = new AbortController();
    const stopAfterStep3: ProgressSink = { onStep: (s) => void (s.globalStep === 3 && controller.abort()) };
    await expect(runTrain({ ...small(dir), progress: stopAfterStep3, signal: controller.signal })).rejects.toBeInstanceOf(
      TrainingAbortedError,
    );
    const files = outFiles(dir);
    expect(existsSync(files.checkpoint)).toBe(true);
    expect(existsSync(files.summary)).toBe(false);

    const { summary } = await runTrain({ ...small(dir), resume: true });
    const uninterrupted = readJson<TrainSummary>(outFiles(fullDir).summary);
    const resumed = parseMetricsJsonl(readFileSync(files.metrics, "utf8"), "metrics.jsonl", ["test_accuracy"]);
    const straight = parseMetricsJsonl(readFileSync(outFiles(fullDir).metrics, "utf8"), "metrics.jsonl", ["test_accuracy"]);
    expect(resumed.map((m) => m.test_accuracy)).toEqual(straight.map((m) => m.test_accuracy));
    resumed.forEach((m, i) => expect(m.train_loss).toBeCloseTo(straight[i]!.train_loss, 4));
    expect(summary.final_accuracy).toBe(uninterrupted.final_accuracy);
  });

  it("refuses to overwrite a run without --resume or --overwrite, and to resume with other options", async () => {
    const dir = fullDir;
    const again = await capture(() => runCli(["train", ...FLAGS, "--out", dir]));
    expect(again.code).toBe(2);
    expect(again.stderr).toContain("already holds a training run");
    expect(again.stderr).toContain("pass --resume to continue it, or --overwrite to start over");

    const otherLoss = await capture(() => runCli(["train", ...FLAGS, "--out", dir, "--resume", "--loss", "cpo"]));
    expect(otherLoss.code).toBe(2);
    expect(otherLoss.stderr).toContain("--loss is cpo now but was ce");

    const both = await capture(() => runCli(["train", ...FLAGS, "--out", dir, "--resume", "--overwrite"]));
    expect(both.stderr).toContain("--resume and --overwrite cannot be used together");
  });

  it("--resume on a finished run redoes only the outputs", async () => {
    const files = outFiles(fullDir);
    const before = readJson<TrainSummary>(files.summary);
    const { code } = await capture(() => runCli(["train", ...FLAGS, "--out", fullDir, "--resume"]));
    expect(code).toBe(0);
    const after = readJson<TrainSummary>(files.summary);
    expect(after.best_accuracy).toBe(before.best_accuracy);
    // No training time is added (the first session's last few ms after its final checkpoint are not counted).
    expect(Math.abs(after.wall_seconds - before.wall_seconds)).toBeLessThan(0.1);
    expect(after.command).toContain("--resume");
  });
});
