import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import "@tensorflow/tfjs-layers"; // registers the gradients of core ops (add, mul, logSoftmax)
import { describe, expect, it } from "vitest";
import { classifierDistillationFactory, classifierDistillationLoss, classifierDistillationReplica } from "./classifier-distillation.js";
import { expectClose, klOfRows, logSoftmax } from "./test-helpers.js";

// 4 training examples, 3 classes; the batch takes examples 2 and 0.
const TEACHER = [
  [0.5, 1.0, -1.0],
  [2.0, 0.0, 0.0],
  [-1.0, 3.0, 0.5],
  [0.0, 0.0, 0.0],
];
const STUDENT = [
  [0.2, 0.1, 0.3],
  [1.0, -0.5, 0.25],
];
const LABELS = [1, 0];
const INDICES = new Uint32Array([2, 0]);

/** Mean cross-entropy from the definition, float64. */
function crossEntropy(rows: number[][], labels: number[]): number {
  return rows.reduce((s, row, i) => s - logSoftmax(row)[labels[i]!]!, 0) / rows.length;
}
const ce = (logits: tf.Tensor2D, labels: tf.Tensor1D) =>
  tf.tidy(() => tf.neg(tf.mean(tf.sum(tf.mul(tf.logSoftmax(logits), tf.oneHot(labels, 3)), 1))) as tf.Scalar);

function lossOf(weight: number, temperature: number) {
  return classifierDistillationLoss(ce, { teacherLogits: Float32Array.from(TEACHER.flat()), classes: 3, temperature, weight });
}

describe("classifierDistillationLoss", () => {
  it("is (1 - w) CE + w T^2 mean KL(teacher rows at the batch's indices || student), by hand", () => {
    const T = 2.5;
    const w = 0.7;
    const teacherRows = [TEACHER[2]!, TEACHER[0]!];
    const kl = (T * T * (klOfRows(teacherRows[0]!, STUDENT[0]!, T) + klOfRows(teacherRows[1]!, STUDENT[1]!, T))) / 2;
    const want = (1 - w) * crossEntropy(STUDENT, LABELS) + w * kl;
    const got = lossOf(w, T)(tf.tensor2d(STUDENT), tf.tensor1d(LABELS, "int32"), { indices: INDICES });
    expect(got.dataSync()[0]).toBeCloseTo(want, 6);
  });

  it("gradient: (1 - w)(softmax(s) - onehot)/B + w T (q_T - p_T)/B", () => {
    const T = 2;
    const w = 0.4;
    const loss = lossOf(w, T);
    const labels = tf.tensor1d(LABELS, "int32");
    const grad = tf.grad((s: tf.Tensor) => loss(s as tf.Tensor2D, labels, { indices: INDICES }))(tf.tensor2d(STUDENT));
    const want = STUDENT.flatMap((row, b) => {
      const teacher = TEACHER[INDICES[b]!]!;
      const soft = logSoftmax(row).map(Math.exp);
      const q = logSoftmax(row.map((v) => v / T)).map(Math.exp);
      const p = logSoftmax(teacher.map((v) => v / T)).map(Math.exp);
      return row.map((_, c) => ((1 - w) * (soft[c]! - (c === LABELS[b] ? 1 : 0)) + w * T * (q[c]! - p[c]!)) / STUDENT.length);
    });
    expectClose(grad.dataSync(), want, 1e-4);
  });

  it("weight 1 is the KL alone; weight 0 the label loss alone", () => {
    const s = tf.tensor2d(STUDENT);
    const labels = tf.tensor1d(LABELS, "int32");
    const batch = { indices: INDICES };
    const kl = (9 * (klOfRows(TEACHER[2]!, STUDENT[0]!, 3) + klOfRows(TEACHER[0]!, STUDENT[1]!, 3))) / 2;
    expect(lossOf(1, 3)(s, labels, batch).dataSync()[0]).toBeCloseTo(kl, 6);
    expect(lossOf(0, 3)(s, labels, batch).dataSync()[0]).toBeCloseTo(crossEntropy(STUDENT, LABELS), 6);
  });

  it("refuses bad options and batches with clear errors", () => {
    const teacherLogits = Float32Array.from(TEACHER.flat());
    expect(() => classifierDistillationLoss(ce, { teacherLogits, classes: 3, weight: -0.1 })).toThrow(/weight must be a number in \[0, 1\], got -0.1/);
    expect(() => classifierDistillationLoss(ce, { teacherLogits, classes: 3, temperature: 0 })).toThrow(/temperature must be a finite number > 0/);
    expect(() => classifierDistillationLoss(ce, { teacherLogits, classes: 5 })).toThrow(/12 values, not a positive multiple of 5 classes/);
    const withNaN = teacherLogits.slice();
    withNaN[7] = NaN;
    expect(() => classifierDistillationLoss(ce, { teacherLogits: withNaN, classes: 3 })).toThrow(/teacherLogits\[7\] \(example 2\) is NaN/);
    const loss = classifierDistillationLoss(ce, { teacherLogits, classes: 3 });
    const labels = tf.tensor1d(LABELS, "int32");
    expect(() => loss(tf.tensor2d(STUDENT), labels, { indices: [0, 4] })).toThrow(/example index 4 is outside the teacher's 4 rows/);
    expect(() => loss(tf.tensor2d(STUDENT), labels, { indices: [0] })).toThrow(/student logits must be \[1, 3\]/);
  });

  it("a replica built from the factory's spec computes the same loss", async () => {
    const teacherLogits = Float32Array.from(TEACHER.flat());
    const labelLoss = { module: new URL("./label-loss.test-helpers.ts", import.meta.url).href, exportName: "makeCrossEntropy" };
    const spec = classifierDistillationFactory(labelLoss, { teacherLogits, classes: 3, temperature: 2, weight: 0.5 });
    expect(spec.exportName).toBe("classifierDistillationReplica");
    const replica = await classifierDistillationReplica(labelLoss, spec.args[1] as { teacherLogits: Float32Array; classes: number });
    const local = classifierDistillationLoss(ce, { teacherLogits, classes: 3, temperature: 2, weight: 0.5 });
    const s = tf.tensor2d(STUDENT);
    const labels = tf.tensor1d(LABELS, "int32");
    expect(replica(s, labels, { indices: INDICES }).dataSync()[0]).toBeCloseTo(local(s, labels, { indices: INDICES }).dataSync()[0]!, 6);
  });
});
