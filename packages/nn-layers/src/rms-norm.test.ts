import "@tensorflow/tfjs-backend-cpu";
import * as tf from "@tensorflow/tfjs-core";
import { describe, expect, it } from "vitest";
import { RMSNorm } from "./rms-norm.js";

describe("RMSNorm", () => {
  it("normalises by the root mean square of the last axis", () => {
    const norm = new RMSNorm({ eps: 1e-6, name: "norm" });
    const out = norm.apply(tf.tensor2d([[3, 4], [1, -1]])) as tf.Tensor;
    // row 0: rms = sqrt((9+16)/2) = 3.5355; row 1: rms = 1
    const rms0 = Math.sqrt(12.5 + 1e-6);
    const rms1 = Math.sqrt(1 + 1e-6);
    expect(Array.from(out.dataSync())).toEqual([3 / rms0, 4 / rms0, 1 / rms1, -1 / rms1].map((v) => expect.closeTo(v, 6)));
    expect(norm.weights.map((w) => w.originalName)).toEqual(["norm/norm.weight"]);
    expect(Array.from(norm.weights[0]!.read().dataSync())).toEqual([1, 1]);
  });

  it("scales by its weight", () => {
    const norm = new RMSNorm({ name: "n" });
    norm.build([null, 2]);
    norm.setWeights([tf.tensor1d([2, 0.5])]);
    const out = norm.apply(tf.tensor2d([[1, 1]])) as tf.Tensor;
    expect(Array.from(out.dataSync())).toEqual([expect.closeTo(2, 5), expect.closeTo(0.5, 5)]);
  });
});
