import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { describe, expect, it } from "vitest";
import { rejectedClass } from "./rejected.js";
import { int } from "./loss-gradient.test-helpers.js";


describe("rejectedClass", () => {
  it("picks the best wrong class; a tie with the label is no tie", () => {
    // Row 2: classes 1 and 2 tie at 3, but 2 is the label, so y_l = 1.
    const y = rejectedClass(tf.tensor2d([[2, 1, 0.5], [0, 3, 3]]), int([0, 2]));
    expect(y.dtype).toBe("int32");
    expect(y.shape).toEqual([2]);
    expect(y.arraySync()).toEqual([1, 1]);
  });

  it("breaks ties among wrong classes towards the lowest index", () => {
    const logits = tf.tensor2d([
      [0, 5, 5, 1], // label 0: 1 and 2 tie -> 1
      [5, 2, 5, 0], // label 3: 0 and 2 tie -> 0
      [1, 1, 1, 1], // label 0: all tie -> 1
      [1, 1, 1, 1], // label 2: all tie -> 0
      [7, 9, 1, 8], // label 1 is the largest; the best wrong class is 3
    ]);
    expect(rejectedClass(logits, int([0, 3, 0, 2, 1])).arraySync()).toEqual([1, 0, 1, 0, 3]);
  });

  it("copes with infinities and treats NaN as the largest", () => {
    const logits = tf.tensor2d([
      [0, -Infinity, -Infinity], // label 0: every wrong class is -inf -> lowest, 1
      [Infinity, Infinity, 0], // label 0: +inf wins -> 1
      [0, 1, NaN], // label 0: NaN counts as largest -> 2
    ]);
    expect(rejectedClass(logits, int([0, 0, 0])).arraySync()).toEqual([1, 1, 2]);
  });

  it("matches tf.argMax on the cpu backend, which also takes the first maximum", () => {
    // Documents the backend behaviour the spec relies on; our tie-break does not depend on it.
    expect(tf.argMax(tf.tensor2d([[1, 3, 3, 0]]), -1).arraySync()).toEqual([1]);
  });

  it("has no gradient", () => {
    // A stop-gradient: differentiating through it gives zeros (and needs no registered gradients).
    const g = tf.grad((x: tf.Tensor) => rejectedClass(x as tf.Tensor2D, int([0])))(tf.tensor2d([[1, 2, 3]]));
    expect(g.arraySync()).toEqual([[0, 0, 0]]);
  });

  it("validates its inputs", () => {
    expect(() => rejectedClass(tf.tensor2d([[1]]), int([0]))).toThrow(
      "rejectedClass: expected at least 2 classes, got logits shape [1,1]",
    );
    expect(() => rejectedClass(tf.tensor2d([[1, 2]]), int([2]))).toThrow("rejectedClass: labels[0] = 2 is outside [0, 2)");
  });
});
