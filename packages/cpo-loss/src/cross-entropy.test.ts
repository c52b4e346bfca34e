import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { describe, expect, it } from "vitest";
import { crossEntropy } from "./cross-entropy.js";
import { int } from "./loss-gradient.test-helpers.js";
import { expectCloseArrays, logSumExp, softmax } from "./test-helpers.js";

const LOGITS = [[2, 1, 0.5], [0, 3, 3]];
const LABELS = [0, 2];

describe("crossEntropy", () => {
  it("matches -log softmax[y], averaged", () => {
    const want = LOGITS.map((row, i) => logSumExp(row) - (row[LABELS[i] ?? 0] ?? 0));
    const loss = crossEntropy(tf.tensor2d(LOGITS), int(LABELS));
    expect(loss.shape).toEqual([]);
    expect(loss.dataSync()[0]).toBeCloseTo((want[0]! + want[1]!) / 2, 6);
    const none = crossEntropy(tf.tensor2d(LOGITS), int(LABELS), { reduction: "none" });
    expect(none.shape).toEqual([2]);
    expectCloseArrays(none.arraySync(), want);
  });

  it("second row by hand: log(1 + 2e^3) - 3", () => {
    const none = crossEntropy(tf.tensor2d(LOGITS), int(LABELS), { reduction: "none" }).arraySync() as number[];
    expect(none[1]).toBeCloseTo(Math.log(1 + 2 * Math.exp(3)) - 3, 6);
  });

  it("gradient is (softmax - onehot) / B", () => {
    const y = int(LABELS);
    const g = tf.grad((x: tf.Tensor) => crossEntropy(x as tf.Tensor2D, y))(tf.tensor2d(LOGITS));
    const want = LOGITS.map((row, i) => softmax(row).map((p, c) => (p - (c === LABELS[i] ? 1 : 0)) / 2));
    expectCloseArrays(g.arraySync(), want, 7);
  });

  it("label smoothing follows PyTorch: (1-s) * nll + s * mean_c(-logp)", () => {
    const s = 0.1;
    const want = LOGITS.map((row, i) => {
      const lse = logSumExp(row);
      const nll = lse - (row[LABELS[i] ?? 0] ?? 0);
      const smooth = row.reduce((acc, v) => acc + (lse - v), 0) / row.length;
      return (1 - s) * nll + s * smooth;
    });
    const none = crossEntropy(tf.tensor2d(LOGITS), int(LABELS), { reduction: "none", labelSmoothing: s });
    expectCloseArrays(none.arraySync(), want);

    const y = int(LABELS);
    const g = tf.grad((x: tf.Tensor) => crossEntropy(x as tf.Tensor2D, y, { labelSmoothing: s }))(tf.tensor2d(LOGITS));
    const wantGrad = LOGITS.map((row, i) =>
      softmax(row).map((p, c) => (p - ((c === LABELS[i] ? 1 - s : 0) + s / 3)) / 2),
    );
    expectCloseArrays(g.arraySync(), wantGrad, 7);
  });

  it("is stable for huge logits and ignores -inf in other classes", () => {
    const none = crossEntropy(tf.tensor2d([[1000, 0], [1000, 0], [5, -Infinity]]), int([0, 1, 0]), { reduction: "none" });
    expectCloseArrays(none.arraySync(), [0, 1000, 0], 3);
  });

  it("validates inputs and options", () => {
    const logits = tf.tensor2d(LOGITS);
    expect(() => crossEntropy(logits, int([0]))).toThrow("crossEntropy: labels must have batch 2 like logits [2,3], got 1");
    expect(() => crossEntropy(logits, int(LABELS), { labelSmoothing: 1.5 })).toThrow(
      "crossEntropy: labelSmoothing must be a number in [0, 1], got 1.5",
    );
    expect(() => crossEntropy(tf.tensor2d([[1, 2]], [1, 2], "int32") as tf.Tensor2D, int([0]))).toThrow(
      "crossEntropy: logits must be float32, got int32",
    );
    expect(() => crossEntropy(tf.zeros([0, 3]) as tf.Tensor2D, tf.tensor1d([], "int32"))).toThrow(
      "crossEntropy: expected a non-empty batch, got logits shape [0,3]",
    );
  });
});
