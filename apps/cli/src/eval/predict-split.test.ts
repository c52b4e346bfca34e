import "@tensorflow/tfjs-backend-cpu";
import { MNIST_PIXELS } from "@llmnist/mnist-data";
import type { TrainableModel } from "@llmnist/train";
import * as tf from "@tensorflow/tfjs-core";
import { describe, expect, it } from "vitest";
import { predictSplit } from "./predict-split.js";

describe("predictSplit", () => {
  it("gives the argmax of the logits of every example, across partial batches", async () => {
    await tf.setBackend("cpu");
    // Logit c = the ink in rows 3c..3c+2: the prediction is the band with the most ink.
    const weights = new Float32Array(MNIST_PIXELS * 10);
    for (let p = 0; p < MNIST_PIXELS; p++) {
      const band = Math.floor(Math.floor(p / 28) / 3);
      if (band < 10) weights[p * 10 + band] = 1;
    }
    const w = tf.tensor2d(weights, [MNIST_PIXELS, 10]);
    const model: TrainableModel = { forward: (images) => tf.matMul(tf.reshape(images, [-1, MNIST_PIXELS]), w) as tf.Tensor2D, namedParameters: () => [] };
    const count = 7;
    const images = new Float32Array(count * MNIST_PIXELS);
    const expected = [3, 0, 9, 5, 5, 2, 7];
    expected.forEach((band, i) => images.fill(1, i * MNIST_PIXELS + band * 3 * 28, i * MNIST_PIXELS + band * 3 * 28 + 28));
    const split = { name: "bands", count, images, labels: new Uint8Array(count) };
    expect(Array.from(await predictSplit(model, split, null, 3))).toEqual(expected);
    w.dispose();
  });
});
