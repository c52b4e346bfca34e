import "@tensorflow/tfjs-backend-cpu";
import "@tensorflow/tfjs-backend-wasm";
import * as tf from "@tensorflow/tfjs-core";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AdamW } from "../adamw.js";
import { selectBackend, type BackendName } from "../backend.js";
import { classifierParts } from "../classifier-task.js";
import { createLocalStepper, type Stepper } from "../engine/stepper.js";
import type { TrainBatch } from "../engine/task.js";
import { evaluateClassifier } from "../evaluate.js";
import { syntheticSplit } from "../fixtures.test-helpers.js";
import { trainClassifier } from "../trainer.js";
import type { LossFn, TrainableModel } from "../types.js";
import { createDataParallelStepper } from "./data-parallel-stepper.js";
import type { ReplicaSpec } from "./factory.js";
import { resolveModuleUrl } from "./module-url.js";
import "../engine/node-host.js";
// @ts-expect-error plain JS fixture without types
import { createTinyClassifier, meanCrossEntropy } from "./tiny-replica.fixture.mjs";

type TinyModel = TrainableModel & { dispose(): void };
const tiny = (seed: number, hidden = 12, poison = -1): TinyModel => createTinyClassifier(seed, hidden, poison) as TinyModel;
const loss = (meanCrossEntropy as () => LossFn)();
const fixture = pathToFileURL(new URL("./tiny-replica.fixture.mjs", import.meta.url).pathname).href;
const spec = (hidden = 12, poison = -1, exit = -1): ReplicaSpec => ({
  model: { module: fixture, exportName: "createTinyClassifier", args: [99, hidden, poison, exit] },
  loss: { module: fixture, exportName: "meanCrossEntropy" },
});

const train = syntheticSplit("train", 160, 1);
const test = syntheticSplit("test", 90, 2);
const parts = (model: TrainableModel) => classifierParts(model, loss, train, test);
const replicaTask = (replica: ReplicaSpec) => ({
  module: resolveModuleUrl("@llmnist/train/internal", import.meta.url),
  exportName: "classifierReplica",
  args: [replica, train, test],
});
const dataParallel = (model: TrainableModel, optimizer: AdamW, replica: ReplicaSpec, backend: BackendName, batchSize: number): Promise<Stepper> =>
  createDataParallelStepper(parts(model), optimizer, { replica: replicaTask(replica), backend, batchSize });
const batchOf = (indices: Uint32Array, step = 0): TrainBatch => ({ indices, epoch: 0, step, globalStep: step, offset: 0, batchSize: indices.length });
const range = (n: number, from = 0): Uint32Array => new Uint32Array(n).map((_, k) => from + k);
const snapshot = (m: TrainableModel): Float32Array[] => m.namedParameters().map(([, v]) => v.dataSync() as Float32Array);

function maxRelativeDiff(a: Float32Array[], b: Float32Array[]): number {
  let worst = 0;
  a.forEach((x, i) => {
    const y = b[i]!;
    for (let k = 0; k < x.length; k++) worst = Math.max(worst, Math.abs(x[k]! - y[k]!) / (1e-3 + Math.abs(x[k]!)));
  });
  return worst;
}

describe.each<BackendName>(["cpu", "wasm"])("data-parallel training on %s", (backend) => {
  beforeAll(async () => {
    await selectBackend({ prefer: backend });
  });
  afterAll(async () => {
    await tf.setBackend("cpu");
  });

  it("takes the same steps as one thread: losses and parameters agree to float rounding", async () => {
    const single = tiny(5);
    const split = tiny(5);
    const optSingle = new AdamW({ lr: 1e-2, weightDecay: 0.01 });
    const optSplit = new AdamW({ lr: 1e-2, weightDecay: 0.01 });
    const oneThread = createLocalStepper(parts(single), optSingle);
    const parallel = await dataParallel(split, optSplit, spec(), backend, 32);
    try {
      // 31 and 1: odd batches (the main thread takes the extra example) and a batch the worker sits out.
      const sizes = [32, 32, 31, 32, 1, 32, 32, 17, 32, 32];
      for (const [s, size] of sizes.entries()) {
        const indices = new Uint32Array(size).map((_, k) => (s * 32 + k) % train.count);
        const a = (await oneThread.step(batchOf(indices, s), 1e-2)).loss;
        const b = (await parallel.step(batchOf(indices, s), 1e-2)).loss;
        expect(Math.abs(a - b)).toBeLessThan(1e-5 * Math.max(1, Math.abs(a)));
      }
      expect(maxRelativeDiff(snapshot(single), snapshot(split))).toBeLessThan(1e-3);
      // The parameters did move: the comparison above is not between two untouched models.
      expect(maxRelativeDiff(snapshot(tiny(5)), snapshot(split))).toBeGreaterThan(1e-2);

      const predicted = await parallel.infer(range(test.count));
      const expected = parts(split).infer!(range(test.count));
      expect(Array.from(predicted)).toEqual(Array.from(expected));
    } finally {
      await parallel.dispose();
      optSingle.dispose();
      optSplit.dispose();
      single.dispose?.();
      split.dispose?.();
    }
  }, 60_000);

  it("trainClassifier with a replica and 2 threads follows the 1-thread run", async () => {
    const run = async (threads: number) => {
      const model = tiny(7);
      const losses: number[] = [];
      const lines: string[] = [];
      const result = await trainClassifier({
        model,
        loss,
        train,
        test,
        epochs: 2,
        batchSize: 16,
        seed: 3,
        peakLr: 0.01,
        warmupEpochs: 1,
        replica: spec(),
        threads,
        onStep: (s) => losses.push(s.loss),
        progress: { onMessage: (l) => lines.push(l) },
      });
      const evaluation = evaluateClassifier(model, test);
      model.dispose();
      return { result, losses, lines, evaluation };
    };
    const one = await run(1);
    const two = await run(2);
    expect(one.lines.join("\n")).not.toMatch(/threads: 2/);
    expect(two.lines.join("\n")).toMatch(/threads: 2 \(data-parallel/);
    expect(two.losses).toHaveLength(one.losses.length);
    two.losses.forEach((l, i) => expect(Math.abs(l - one.losses[i]!)).toBeLessThan(1e-4));
    // The in-thread evaluation of the final model agrees with the split evaluation during training.
    expect(two.result.finalAccuracy).toBe(two.evaluation.accuracy);
    expect(Math.abs(two.result.finalAccuracy - one.result.finalAccuracy)).toBeLessThanOrEqual(100 / test.count);
  }, 60_000);
});

describe("data-parallel failures", () => {
  beforeAll(async () => {
    await tf.setBackend("cpu");
  });

  it("refuses a replica whose parameters differ, naming the parameter", async () => {
    const model = tiny(1);
    const optimizer = new AdamW({ lr: 1e-3 });
    await expect(dataParallel(model, optimizer, spec(13), "cpu", 8)).rejects.toThrow(
      /differ from the trained ones: parameter "fc1.weight" has shape \[784,13\], expected \[784,12\]/,
    );
    optimizer.dispose();
    model.dispose();
  });

  it("names a factory that does not exist", async () => {
    const model = tiny(1);
    const optimizer = new AdamW({ lr: 1e-3 });
    const bad: ReplicaSpec = { ...spec(), loss: { module: fixture, exportName: "noSuchLoss" } };
    await expect(dataParallel(model, optimizer, bad, "cpu", 8)).rejects.toThrow(
      /has no function export "noSuchLoss"/,
    );
    optimizer.dispose();
    model.dispose();
  });

  it("a failure on the main thread's half still collects the replica's job, so the next step is sound", async () => {
    const model = tiny(1, 12, 4); // the main thread's copy throws on its half of a batch of 8
    const optimizer = new AdamW({ lr: 1e-3 });
    const parallel = await dataParallel(model, optimizer, spec(), "cpu", 8);
    const reference = tiny(1);
    const referenceStep = createLocalStepper(parts(reference), new AdamW({ lr: 1e-3 }));
    const expected = (await referenceStep.step(batchOf(range(6, 8)), 1e-3)).loss;
    await expect(parallel.step(batchOf(range(8)), 1e-3)).rejects.toThrow(/poisoned batch of 4/);
    // Right away: the next step's gradients are the replica's answer to it, not the failed step's.
    expect(Math.abs((await parallel.step(batchOf(range(6, 8)), 1e-3)).loss - expected)).toBeLessThan(1e-5);
    expect(maxRelativeDiff(snapshot(reference), snapshot(model))).toBeLessThan(1e-3);
    await parallel.dispose();
    optimizer.dispose();
    model.dispose();
    reference.dispose();
  });

  it("a step fails with the replica's error instead of hanging", async () => {
    const model = tiny(1);
    const optimizer = new AdamW({ lr: 1e-3 });
    const parallel = await dataParallel(model, optimizer, spec(12, 4), "cpu", 8);
    const before = snapshot(model);
    await expect(parallel.step(batchOf(range(8)), 1e-3)).rejects.toThrow(/replica thread failed: .*poisoned batch of 4/s);
    // Nothing was applied, and the thread still serves the next job.
    expect(maxRelativeDiff(before, snapshot(model))).toBe(0);
    expect(Number.isFinite((await parallel.step(batchOf(range(6)), 1e-3)).loss)).toBe(true);
    await parallel.dispose();
    optimizer.dispose();
    model.dispose();
  });

  it("a step fails, naming the exit, when the replica thread dies mid-job", async () => {
    const model = tiny(1);
    const optimizer = new AdamW({ lr: 1e-3 });
    const parallel = await dataParallel(model, optimizer, spec(12, -1, 4), "cpu", 8);
    const before = snapshot(model);
    await expect(parallel.step(batchOf(range(8)), 1e-3)).rejects.toThrow(/replica thread exited \(code 7\)/);
    expect(maxRelativeDiff(before, snapshot(model))).toBe(0);
    await parallel.dispose();
    optimizer.dispose();
    model.dispose();
  });
});
