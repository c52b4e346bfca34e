import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { describe, expect, it } from "vitest";
import { relationDistillation } from "./relation-distillation.js";
import { expectClose } from "./test-helpers.js";

const valueOf = (t: tf.Tensor) => t.dataSync()[0] ?? NaN;
const studentGrad = (student: tf.Tensor, teacher: tf.Tensor) =>
  tf.valueAndGrad((s: tf.Tensor) => relationDistillation(s, teacher))(student);

describe("relationDistillation by hand", () => {
  it("Y_s = I (R_s = I), Y_t = [[1], [1]] (R_t = all ones): 1 - 1/sqrt(2), gradient -(1/sqrt(2)) [[0, 1], [1, 0]]", () => {
    // cos = trace(R_t) / (|I| |R_t|) = 2 / (sqrt(2) * 2); dloss/dR_s = -(R_t / (sqrt(2) 2) - cos I / 2)
    // = -[[0, 1], [1, 0]] / (2 sqrt(2)); dloss/dY_s = 2 (dloss/dR_s) Y_s.
    const { value, grad } = studentGrad(tf.tensor3d([[[1, 0], [0, 1]]]), tf.tensor3d([[[1], [1]]]));
    expect(value.shape).toEqual([]);
    expect(valueOf(value)).toBeCloseTo(1 - Math.SQRT1_2, 7);
    expectClose(grad.dataSync(), [0, -Math.SQRT1_2, -Math.SQRT1_2, 0]);
  });

  it("averages 1 - cos over the batch (widths differ: D_s = 2, D_t = 1)", () => {
    // Sample 2: Y_s = [[1, 1], [1, 1]] gives R_s = 2 * ones, parallel to R_t = ones: loss 0.
    const student = tf.tensor3d([[[1, 0], [0, 1]], [[1, 1], [1, 1]]]);
    const teacher = tf.tensor3d([[[1], [1]], [[3], [3]]]);
    expect(valueOf(relationDistillation(student, teacher))).toBeCloseTo((1 - Math.SQRT1_2) / 2, 7);
  });

  it("is 0 when the relations match up to scale, with a (near) zero gradient", () => {
    const teacher = tf.randomNormal([2, 5, 7], 0, 1, "float32", 5);
    const { value, grad } = studentGrad(tf.mul(teacher, 3), teacher);
    expect(Math.abs(valueOf(value))).toBeLessThan(1e-6);
    expect(Math.max(...Array.from(grad.dataSync(), Math.abs))).toBeLessThan(1e-4);
  });

  it("compares relations, not features: rotating the student's features changes nothing", () => {
    const student = tf.randomNormal([1, 4, 2], 0, 1, "float32", 6);
    const teacher = tf.randomNormal([1, 4, 9], 0, 1, "float32", 7);
    const rotation = tf.tensor2d([[0.6, -0.8], [0.8, 0.6]]); // orthogonal: Y Q Q^T Y^T = Y Y^T
    const rotated = tf.reshape(tf.matMul(tf.reshape(student, [4, 2]), rotation), [1, 4, 2]); // [1, 4, 2]
    expect(valueOf(relationDistillation(rotated, teacher))).toBeCloseTo(valueOf(relationDistillation(student, teacher)), 6);
  });

  it("guards zero norms like F.cosine_similarity (eps = 1e-8): an all-zero student gives loss 1 and a zero gradient", () => {
    const { value, grad } = studentGrad(tf.zeros([2, 3, 4]), tf.randomNormal([2, 3, 5], 0, 1, "float32", 8));
    expect(valueOf(value)).toBeCloseTo(1, 7);
    expect(Array.from(grad.dataSync()).every((g) => g === 0)).toBe(true);
    expect(valueOf(relationDistillation(tf.ones([1, 2, 2]), tf.zeros([1, 2, 3])))).toBeCloseTo(1, 7);
  });
});

describe("relationDistillation sends no gradient into the teacher", () => {
  it("only the student's variable gets a gradient, and it is non-zero", () => {
    const teacherFeatures = tf.variable(tf.randomNormal([2, 3, 6], 0, 1, "float32", 9), true, "rel-teacher");
    const studentFeatures = tf.variable(tf.randomNormal([2, 3, 4], 0, 1, "float32", 10), true, "rel-student");
    const { grads } = tf.variableGrads(() => relationDistillation(studentFeatures, tf.mul(teacherFeatures, 2)), [teacherFeatures, studentFeatures]);
    expect(Object.keys(grads)).toEqual(["rel-student"]);
    expect(Math.max(...Array.from(grads["rel-student"]!.dataSync(), Math.abs))).toBeGreaterThan(1e-3);
    teacherFeatures.dispose();
    studentFeatures.dispose();
  });
});

describe("relationDistillation validates its inputs", () => {
  const rel = (student: unknown, teacher: unknown) => relationDistillation(student as tf.Tensor, teacher as tf.Tensor);
  const ok = tf.zeros([2, 3, 4]);

  it("names the argument, the expected layout and what it got", () => {
    expect(() => rel(tf.zeros([3, 4]), ok)).toThrow("relationDistillation: studentVisual must be rank 3 [B, N, D_s], got rank 2 (shape [3,4])");
    expect(() => rel(ok, tf.zeros([1, 2, 3, 4]))).toThrow("relationDistillation: teacherVisual must be rank 3 [B, N, D_t], got rank 4 (shape [1,2,3,4])");
    expect(() => rel(ok, "teacher")).toThrow("relationDistillation: teacherVisual must be a tf.Tensor [B, N, D_t], got string");
    expect(() => rel(tf.zeros([2, 3, 4], "int32"), ok)).toThrow("relationDistillation: studentVisual must be float32, got int32");
    expect(() => rel(ok, tf.zeros([2, 3, 0]))).toThrow("relationDistillation: teacherVisual must not be empty, got shape [2,3,0]");
    expect(() => rel(ok, tf.zeros([1, 3, 4]))).toThrow(
      "relationDistillation: teacherVisual must be [B, N, D_t] with B = 2 and N = 3 like studentVisual [2,3,4], got [1,3,4]",
    );
    expect(() => rel(ok, tf.zeros([2, 5, 4]))).toThrow(
      "relationDistillation: teacherVisual must be [B, N, D_t] with B = 2 and N = 3 like studentVisual [2,3,4], got [2,5,4]",
    );
  });
});
