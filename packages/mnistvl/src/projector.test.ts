import "@tensorflow/tfjs-backend-cpu";
import * as tf from "@tensorflow/tfjs-core";
import { beforeAll, describe, expect, it } from "vitest";
import { gelu } from "./gelu.js";
import { PixelProjector } from "./projector.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

describe("PixelProjector (mlp2x_gelu)", () => {
  it("flat: 784 pixels -> hidden -> k*d, cut into k tokens", () => {
    const p = new PixelProjector({ kind: "flat", imageTokens: 4, hiddenSize: 32 }, 8, { seed: 1 });
    p.build();
    expect(p.weights.map((w) => [w.originalName, w.shape])).toEqual([
      ["multi_modal_projector.linear_1.weight", [784, 32]],
      ["multi_modal_projector.linear_1.bias", [32]],
      ["multi_modal_projector.linear_2.weight", [32, 32]],
      ["multi_modal_projector.linear_2.bias", [32]],
    ]);
    const x = tf.randomUniform([3, 784], 0, 1, "float32", 2);
    const out = p.call(x) as tf.Tensor;
    expect(out.shape).toEqual([3, 4, 8]);
    // Token j of image b is features j*8 .. j*8+7 of the MLP output.
    const [w1, b1, w2, b2] = p.weights.map((w) => w.read());
    const mlp = tf.add(tf.matMul(gelu(tf.add(tf.matMul(x, w1!), b1!)), w2!), b2!); // [3, 32]
    expect(tf.max(tf.abs(tf.sub(tf.reshape(out, [3, 32]), mlp))).dataSync()[0]).toBeLessThan(1e-6);
    p.disposeWeights();
  });

  it("patch: one token per 7x7 patch, row-major, the same MLP on each", () => {
    const p = new PixelProjector({ kind: "patch", patchSize: 7, hiddenSize: 16 }, 8, { seed: 1 });
    p.build();
    const img = new Float32Array(784);
    // Light up one pixel in patch (row 1, col 2): pixel (y=8, x=15) -> token 1*4+2 = 6.
    img[8 * 28 + 15] = 1;
    const out = p.call(tf.tensor2d(img, [1, 784])) as tf.Tensor;
    expect(out.shape).toEqual([1, 16, 8]);
    const rows = tf.reshape(out, [16, 8]).arraySync() as number[][];
    const blank = rows[0]!;
    rows.forEach((row, token) => {
      const same = row.every((v, i) => Math.abs(v - blank[i]!) < 1e-7);
      expect(same, `token ${token}`).toBe(token !== 6);
    });
    p.disposeWeights();
  });

  it("rejects images of the wrong size and bad configs", () => {
    const p = new PixelProjector({ kind: "flat", imageTokens: 2, hiddenSize: 8 }, 4);
    p.build();
    expect(() => p.call(tf.zeros([2, 28, 28]))).toThrow("multi_modal_projector: expected pixels [B, 784], got [2, 28, 28]");
    expect(() => new PixelProjector({ kind: "patch", patchSize: 5, hiddenSize: 8 }, 4)).toThrow(/patchSize must divide 28, got 5/);
  });

  it("uses exact GELU", () => {
    const y = gelu(tf.tensor1d([-1, 0, 1, 2])).dataSync();
    // 0.5 x (1 + erf(x / sqrt 2)): PyTorch's nn.GELU() values.
    [-0.15865525, 0, 0.84134475, 1.95449974].forEach((v, i) => expect(y[i]).toBeCloseTo(v, 5));
  });
});
