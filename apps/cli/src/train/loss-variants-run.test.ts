import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseMetricsJsonl } from "@llmnist/train";
import { describe, expect, it } from "vitest";
import { runCli } from "../cli.js";
import { capture, tempDir } from "../test-helpers.js";
import { outFiles } from "./out-files.js";
import type { RunConfig } from "./run-config.js";
import type { TrainSummary } from "./summary.js";

// Tiny runs like run-train.test.ts's: 64 images, batch 16 -> 4 steps, 1 epoch, both threads
// (so the replica builds the loss from lossFactory with the same options).
const FLAGS = ["--train-limit", "64", "--test-limit", "64", "--epochs", "1", "--batch", "16", "--seed", "7", "--threads", "2"];

const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, "utf8")) as T;

/**
 * Each new loss, its flags, the options recorded, and the range its first-epoch training loss
 * must fall in. An untrained ViT's logits are small and 4 warm-up steps barely move them, so
 * each loss sits near its value at z = 0, a little above as the best wrong class leads the label
 * by d ~ 0.4: cpo-all ~ log 2 = 0.69 (0.71 here); cpo-ce ~ ln 10 + 0.5 softplus(d) ~ 2.65 (2.68;
 * lambda 1 would give ~ 3.1); cpo-margin 2 ~ softplus(2 + d) ~ 2.4 (2.40; margin 1 would give
 * ~ 1.5). So a flag that did not reach the loss, on either thread, would show.
 */
const RUNS: Array<{ loss: string; flags: string[]; options: Record<string, number>; trainLoss: [number, number] }> = [
  { loss: "cpo-all", flags: [], options: { beta: 1, weightTemperature: 1 }, trainLoss: [0.5, 1.0] },
  { loss: "cpo-ce", flags: ["--cpo-lambda", "0.5"], options: { beta: 1, lambda: 0.5 }, trainLoss: [2.4, 2.95] },
  { loss: "cpo-margin", flags: ["--cpo-margin", "2"], options: { beta: 1, margin: 2 }, trainLoss: [2.0, 2.8] },
];

describe("llmnist train with the CPO variants", () => {
  const root = tempDir("loss-variants");

  for (const run of RUNS) {
    it(`--loss ${[run.loss, ...run.flags].join(" ")} trains and records the loss and its options`, async () => {
      const dir = join(root, run.loss);
      const { code, stderr } = await capture(() => runCli(["train", "--loss", run.loss, ...run.flags, ...FLAGS, "--out", dir]));
      expect(code, stderr).toBe(0);
      const files = outFiles(dir);
      const summary = readJson<TrainSummary>(files.summary);
      expect(summary).toMatchObject({ loss: run.loss, loss_options: run.options, epochs: 1, train_images: 64 });
      // Data-parallel on the single-threaded backends: the replica built the loss too.
      expect(summary.threads).toBe(summary.backend === "wasm" || summary.backend === "cpu" ? 2 : 1);
      expect(readJson<RunConfig>(files.run)).toMatchObject({ loss: run.loss, loss_options: run.options });
      const [epoch] = parseMetricsJsonl(readFileSync(files.metrics, "utf8"), "metrics.jsonl", ["test_accuracy"]);
      expect(epoch!.train_loss).toBeGreaterThan(run.trainLoss[0]);
      expect(epoch!.train_loss).toBeLessThan(run.trainLoss[1]);
    });
  }

  it("refuses to resume with other loss options, naming the flag", async () => {
    const dir = join(root, "cpo-margin");
    const { code, stderr } = await capture(() => runCli(["train", "--loss", "cpo-margin", "--cpo-margin", "3", ...FLAGS, "--out", dir, "--resume"]));
    expect(code).toBe(2);
    expect(stderr).toContain("--cpo-margin is 3 now but was 2");
  });
});
