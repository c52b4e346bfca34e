import "@tensorflow/tfjs-backend-cpu";
import * as tf from "@tensorflow/tfjs-core";
import { pathToFileURL } from "node:url";
import { DEFAULT_AUGMENT } from "@llmnist/mnist-data";
import { beforeAll, describe, expect, it } from "vitest";
import { syntheticSplit } from "../fixtures.test-helpers.js";
import { trainClassifier } from "../trainer.js";
import type { LossFn, TrainableModel } from "../types.js";
import type { ReplicaSpec } from "./factory.js";
import "../engine/node-host.js";
// @ts-expect-error plain JS fixture without types
import { createTinyClassifier, meanCrossEntropy } from "./tiny-replica.fixture.mjs";

// The replica thread builds its task from the built package (dist/): run `npx tsup` after changing classifier-task.ts.
type TinyModel = TrainableModel & { dispose(): void };
const fixture = pathToFileURL(new URL("./tiny-replica.fixture.mjs", import.meta.url).pathname).href;
const spec: ReplicaSpec = {
  model: { module: fixture, exportName: "createTinyClassifier", args: [99, 12, -1, -1] },
  loss: { module: fixture, exportName: "meanCrossEntropy" },
};
const train = syntheticSplit("train", 96, 1);
const test = syntheticSplit("test", 40, 2);

beforeAll(async () => {
  await tf.setBackend("cpu");
});

describe("data-parallel training with augment", () => {
  it("2 threads follow the 1-thread run: each thread augments its share with the whole batch's seeds", async () => {
    const run = async (threads: number, augment = true) => {
      const model = createTinyClassifier(7, 12, -1) as TinyModel;
      const losses: number[] = [];
      const lines: string[] = [];
      await trainClassifier({
        model,
        loss: (meanCrossEntropy as () => LossFn)(),
        train,
        test,
        epochs: 1,
        batchSize: 16,
        seed: 3,
        peakLr: 0.01,
        warmupEpochs: 1,
        replica: spec,
        threads,
        ...(augment ? { augment: DEFAULT_AUGMENT } : {}),
        onStep: (s) => losses.push(s.loss),
        progress: { onMessage: (l) => lines.push(l) },
      });
      model.dispose();
      return { losses, lines };
    };
    const one = await run(1);
    const two = await run(2);
    expect(two.lines.join("\n")).toMatch(/threads: 2 \(data-parallel/);
    expect(two.losses).toHaveLength(6);
    two.losses.forEach((l, i) => expect(Math.abs(l - one.losses[i]!)).toBeLessThan(1e-4));
    // The augmentation mattered: without it the losses are others.
    const plain = await run(1, false);
    expect(Math.max(...plain.losses.map((l, i) => Math.abs(l - one.losses[i]!)))).toBeGreaterThan(1e-3);
  }, 60_000);
});
