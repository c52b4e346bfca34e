import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { describe, expect, it } from "vitest";
import { klDivergence } from "./kl-divergence.js";
import { relationDistillation } from "./relation-distillation.js";
import { expectClose, flat, loadReference, shapeOfNested } from "./test-helpers.js";

// Losses and student gradients from PyTorch (F.kl_div with log_target, F.log_softmax,
// F.cosine_similarity) in float64 on the same float32 inputs: scripts/make-fixtures.py.
const reference = loadReference();
const tensor = (x: Parameters<typeof flat>[0]) => tf.tensor(flat(x), shapeOfNested(x), "float32");

describe(`klDivergence against PyTorch ${reference.torch}`, () => {
  it("has the cases the tests rely on", () => {
    expect(reference.kl.map((c) => c.direction)).toContain("reverse");
    expect(reference.kl.some((c) => c.mask !== null && c.temperature === 2)).toBe(true);
    expect(reference.kl.some((c) => c.zeroLogits > 0)).toBe(true);
  });

  it.each(reference.kl.map((c) => [c.name, c] as const))("%s", (_, c) => {
    const teacher = tensor(c.teacher);
    const student = tensor(c.student);
    const options = {
      direction: c.direction,
      temperature: c.temperature,
      zeroLogits: c.zeroLogits,
      ...(c.mask === null ? {} : { mask: tensor(c.mask) }),
    };
    const { value, grad } = tf.valueAndGrad((s: tf.Tensor) => klDivergence(teacher, s, options))(student);
    expectClose(value.dataSync(), [c.loss]);
    expectClose(grad.dataSync(), flat(c.studentGrad));
  });
});

describe(`relationDistillation against PyTorch ${reference.torch}`, () => {
  it.each(reference.relation.map((c) => [c.name, c] as const))("%s", (_, c) => {
    const teacher = tensor(c.teacher);
    const { value, grad } = tf.valueAndGrad((s: tf.Tensor) => relationDistillation(s, teacher))(tensor(c.student));
    expectClose(value.dataSync(), [c.loss]);
    expectClose(grad.dataSync(), flat(c.studentGrad));
  });
});
