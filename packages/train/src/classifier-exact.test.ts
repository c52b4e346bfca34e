import "@tensorflow/tfjs-backend-cpu";
import * as tf from "@tensorflow/tfjs-core";
import { fnv1a32 } from "@llmnist/random";
import { beforeAll, describe, expect, it } from "vitest";
import "./engine/node-host.js";
import { LinearModel, crossEntropy, syntheticSplit } from "./fixtures.test-helpers.js";
import { trainClassifier } from "./trainer.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

/** FNV-1a of every parameter's float32 bytes, in model order. */
const weightsHash = (m: LinearModel): string =>
  m.namedParameters().map(([, v]) => fnv1a32(new Uint8Array((v.dataSync() as Float32Array).slice().buffer)).toString(16).padStart(8, "0")).join(" ");

describe("trainClassifier without augment", () => {
  it("gives the weights it gave before augment existed, bit for bit (committed results depend on it)", async () => {
    const model = new LinearModel(3);
    const losses: number[] = [];
    await trainClassifier({ model, loss: crossEntropy, train: syntheticSplit("train", 64, 1), test: syntheticSplit("test", 20, 2), epochs: 2, batchSize: 16, seed: 5, peakLr: 0.02, warmupEpochs: 1, onStep: (s) => losses.push(s.loss) });
    expect(weightsHash(model)).toBe("7bfefad1 9094dad5");
    expect(losses).toHaveLength(8);
    expect([losses[0], losses[7]]).toEqual([2.3075599670410156, 0.302053302526474]);
    model.dispose();
  });
});
