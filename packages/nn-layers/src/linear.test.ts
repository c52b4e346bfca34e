import "@tensorflow/tfjs-backend-cpu";
import * as tf from "@tensorflow/tfjs-core";
import { describe, expect, it } from "vitest";
import { Linear } from "./linear.js";
import { SwiGLUMLP } from "./swiglu-mlp.js";

describe("Linear", () => {
  it("computes x W + b over the last axis of any rank", () => {
    const layer = new Linear({ units: 2, name: "proj" });
    layer.build([null, 3]);
    layer.setWeights([tf.tensor2d([[1, 0], [0, 1], [1, 1]]), tf.tensor1d([0.5, -0.5])]);
    const out = layer.apply(tf.tensor3d([[[1, 2, 3]], [[0, 0, 1]]])) as tf.Tensor;
    expect(out.shape).toEqual([2, 1, 2]);
    expect(Array.from(out.dataSync())).toEqual([4.5, 4.5, 1.5, 0.5]);
  });

  it("initialises like PyTorch: U(-1/sqrt(fan_in), 1/sqrt(fan_in)) for weight and bias", () => {
    const layer = new Linear({ units: 256, seed: 7, name: "l" });
    layer.build([null, 100]);
    const [w, b] = layer.getWeights();
    const bound = 1 / Math.sqrt(100);
    for (const t of [w!, b!]) {
      const values = Array.from(t.dataSync());
      expect(Math.max(...values)).toBeLessThanOrEqual(bound);
      expect(Math.min(...values)).toBeGreaterThanOrEqual(-bound);
      // Uniform: the spread fills most of the interval.
      expect(Math.max(...values)).toBeGreaterThan(0.9 * bound);
    }
    const again = new Linear({ units: 256, seed: 7, name: "l2" });
    again.build([null, 100]);
    expect(Array.from(again.getWeights()[0]!.dataSync())).toEqual(Array.from(w!.dataSync()));
  });

  it("rejects a bad unit count", () => {
    expect(() => new Linear({ units: 0 })).toThrow(/units must be a positive integer, got 0/);
  });
});

describe("SwiGLUMLP", () => {
  it("computes down(silu(gate(x)) * up(x)) without biases", () => {
    const mlp = new SwiGLUMLP({ intermediateSize: 2, name: "mlp" });
    mlp.build([null, 1]);
    expect(mlp.weights.map((w) => w.originalName)).toEqual(["mlp.gate_proj.weight", "mlp.up_proj.weight", "mlp.down_proj.weight"]);
    mlp.setWeights([tf.tensor2d([[1, -2]]), tf.tensor2d([[3, 1]]), tf.tensor2d([[1], [2]])]);
    const x = 0.7;
    const silu = (v: number) => v / (1 + Math.exp(-v));
    const expected = silu(x * 1) * (x * 3) * 1 + silu(x * -2) * (x * 1) * 2;
    const out = mlp.apply(tf.tensor2d([[x]])) as tf.Tensor;
    expect(out.dataSync()[0]).toBeCloseTo(expected, 6);
  });
});
