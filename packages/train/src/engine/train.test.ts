import "@tensorflow/tfjs-backend-cpu";
import * as tf from "@tensorflow/tfjs-core";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { loadCheckpoint } from "../checkpoint-files.js";
import "./node-host.js";
import { NonFiniteLossError, TrainingAbortedError } from "../errors.js";
import type { StepInfo, TrainOptions } from "./options.js";
import type { TaskParts } from "./task.js";
import { train } from "./train.js";
// @ts-expect-error plain JS fixture without types
import { regressionData, regressionParts } from "./regression-task.fixture.mjs";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

const COUNT = 100;
const data = regressionData(COUNT);
const parts = (): TaskParts => regressionParts(data) as TaskParts;
const tmp = (): string => mkdtempSync(join(tmpdir(), "llmnist-engine-"));
const fixture = pathToFileURL(new URL("./regression-task.fixture.mjs", import.meta.url).pathname).href;

function options(p: TaskParts, extra: Partial<TrainOptions> = {}): TrainOptions {
  return {
    ...p,
    examples: COUNT,
    evaluate: async (infer) => {
      const all = new Uint32Array(COUNT).map((_, k) => k);
      const pred = await infer(all);
      let se = 0;
      for (let i = 0; i < COUNT; i++) se += (pred[i]! - (data.y[i] as number)) ** 2;
      return { eval_mse: se / COUNT };
    },
    best: { metric: "eval_mse", mode: "min" },
    epochs: 4,
    batchSize: 16,
    seed: 3,
    peakLr: 0.1,
    warmupSteps: 5,
    weightDecay: 0,
    ...extra,
  };
}

const values = (p: TaskParts): number[][] => p.parameters.map(([, v]) => Array.from(v.dataSync()));

describe("train (the engine) on a task that is not classification", () => {
  it("fits a regression, reports the loss's metrics per step and per epoch, and picks best by a min metric", async () => {
    const outDir = tmp();
    const steps: StepInfo[] = [];
    const p = parts();
    const result = await train(options(p, { outDir, onStep: (s) => steps.push(s) }));
    expect(result.completed).toBe(true);
    expect(result.history).toHaveLength(4);
    expect(steps).toHaveLength(4 * 7); // ceil(100 / 16)
    expect(steps[6]).toMatchObject({ step: 7, batchSize: 4 });
    expect(typeof steps[0]!.metrics.mae).toBe("number");
    const last = result.history[3]!;
    expect(last.eval_mse).toBeLessThan(result.history[0]!.eval_mse as number);
    expect(last.train_mae).toBeGreaterThan(0);
    // Warm-up in steps: 5 iterations from 1e-4 to the peak.
    expect(steps[0]!.lr).toBeCloseTo(1e-4, 12);
    expect(steps[4]!.lr).toBeCloseTo(0.1, 12);
    const mses = result.history.map((h) => h.eval_mse as number);
    expect(result.best).toEqual({ metric: "eval_mse", value: Math.min(...mses), epoch: mses.indexOf(Math.min(...mses)) + 1 });
    // metrics.jsonl: the engine's fields first, then the task's, for every epoch.
    const lines = readFileSync(join(outDir, "metrics.jsonl"), "utf8").trimEnd().split("\n");
    expect(Object.keys(JSON.parse(lines[0]!))).toEqual(["epoch", "steps", "train_loss", "lr", "seconds", "train_mae", "eval_mse"]);
  });

  it("drops the last short batch with dropLast", async () => {
    const steps: StepInfo[] = [];
    await train(options(parts(), { epochs: 1, dropLast: true, onStep: (s) => steps.push(s) }));
    expect(steps.map((s) => s.batchSize)).toEqual([16, 16, 16, 16, 16, 16]);
  });

  it("maxSteps stops with a checkpoint; the next call resumes to the same weights as an unbroken run", async () => {
    const straight = parts();
    await train(options(straight));
    const outDir = tmp();
    const first = parts();
    const partial = await train(options(first, { outDir, maxSteps: 10 }));
    expect(partial.completed).toBe(false);
    expect((await loadCheckpoint(join(outDir, "checkpoint.safetensors"))).state).toMatchObject({ epoch: 1, step: 3, globalStep: 10 });
    const second = parts(); // other initial weights: everything must come from the checkpoint
    const resumed = await train(options(second, { outDir, resume: true }));
    expect(resumed.resumedFrom).toEqual({ epoch: 1, step: 3 });
    expect(values(second)).toEqual(values(straight));
  });

  it("an abort writes a checkpoint and says where to resume", async () => {
    const outDir = tmp();
    const controller = new AbortController();
    const run = train(options(parts(), { outDir, signal: controller.signal, onStep: (s) => s.globalStep === 3 && controller.abort() }));
    await expect(run).rejects.toBeInstanceOf(TrainingAbortedError);
    expect((await loadCheckpoint(join(outDir, "checkpoint.safetensors"))).state.globalStep).toBe(3);
  });

  it("a non-finite loss stops training, parameters untouched and the last good checkpoint kept", async () => {
    const outDir = tmp();
    const p = parts();
    const poisoned: TaskParts = {
      ...p,
      loss: (batch) => {
        const out = p.loss(batch) as { loss: tf.Scalar; metrics: Record<string, tf.Scalar> };
        return batch.globalStep === 9 ? { ...out, loss: tf.mul(out.loss, Number.NaN) } : out;
      },
    };
    let before: number[][] = [];
    const run = train(options(poisoned, { outDir, checkpointEverySteps: 4, onStep: (s) => s.globalStep === 9 && (before = values(p)) }));
    await expect(run).rejects.toBeInstanceOf(NonFiniteLossError);
    expect(values(p)).toEqual(before);
    const saved = await loadCheckpoint(join(outDir, "checkpoint.safetensors"));
    expect(saved.state.globalStep).toBe(8);
    expect(tf.memory().numTensors).toBeLessThan(50); // no tensors of the failed step left behind
  });

  it("refuses an evaluation metric named like an engine field, and a best metric that does not exist", async () => {
    await expect(train(options(parts(), { epochs: 1, evaluate: () => ({ lr: 1 }) }))).rejects.toThrow(/"lr", a name the engine uses/);
    await expect(train(options(parts(), { epochs: 1, best: { metric: "accuracy" } }))).rejects.toThrow(/best metric "accuracy" is not among/);
  });

  it("trains data-parallel on two threads with the same losses and metrics as one", async () => {
    const run = async (threads: number) => {
      const losses: number[] = [];
      const maes: number[] = [];
      const lines: string[] = [];
      const result = await train(
        options(parts(), {
          threads,
          replica: { module: fixture, exportName: "regressionReplica", args: [COUNT] },
          onStep: (s) => {
            losses.push(s.loss);
            maes.push(s.metrics.mae!);
          },
          progress: { onMessage: (l) => lines.push(l) },
        }),
      );
      return { result, losses, maes, lines };
    };
    const one = await run(1);
    const two = await run(2);
    expect(two.result.threads).toBe(2);
    expect(two.lines.join("\n")).toMatch(/threads: 2 \(data-parallel/);
    two.losses.forEach((l, i) => expect(Math.abs(l - one.losses[i]!)).toBeLessThan(1e-4 * Math.max(1, one.losses[i]!)));
    two.maes.forEach((m, i) => expect(Math.abs(m - one.maes[i]!)).toBeLessThan(1e-4 * Math.max(1, one.maes[i]!)));
    expect(Math.abs((two.result.history[3]!.eval_mse as number) - (one.result.history[3]!.eval_mse as number))).toBeLessThan(1e-3);
  }, 60_000);
});
