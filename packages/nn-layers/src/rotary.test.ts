import "@tensorflow/tfjs-backend-cpu";
import * as tf from "@tensorflow/tfjs-core";
import { describe, expect, it } from "vitest";
import { applyRotaryPosEmb, RotaryEmbedding, rotateHalf } from "./rotary.js";

describe("rotateHalf", () => {
  it("maps [a, b] to [-b, a]", () => {
    expect(Array.from(rotateHalf(tf.tensor1d([1, 2, 3, 4])).dataSync())).toEqual([-3, -4, 1, 2]);
  });
});

describe("RotaryEmbedding", () => {
  it("uses inv_freq = theta^(-2i/d) repeated over both halves", () => {
    const rope = new RotaryEmbedding({ headDim: 4, theta: 10000 });
    expect(Array.from(rope.invFreq)).toEqual([1, expect.closeTo(0.01, 8)]);
    const { cos, sin } = rope.cosSin(3);
    expect(cos.shape).toEqual([3, 4]);
    const c = cos.arraySync();
    const s = sin.arraySync();
    // position 2: angles [2, 0.02] repeated
    expect(c[2]).toEqual([Math.cos(2), Math.cos(0.02), Math.cos(2), Math.cos(0.02)].map((v) => expect.closeTo(v, 6)));
    expect(s[2]).toEqual([Math.sin(2), Math.sin(0.02), Math.sin(2), Math.sin(0.02)].map((v) => expect.closeTo(v, 6)));
    rope.dispose();
  });

  it("rotates each (x_i, x_{i+d/2}) pair by position * inv_freq", () => {
    const rope = new RotaryEmbedding({ headDim: 2, theta: 10000 });
    const { cos, sin } = rope.cosSin(2, 5); // positions 5, 6; inv_freq = [1]
    const x = tf.tensor4d([1, 0, 0.5, 2], [1, 1, 2, 2]); // [B, heads, n, hd]
    const [q] = applyRotaryPosEmb(x, x, cos, sin);
    const out = q.dataSync();
    // (a, b) -> (a cos t - b sin t, b cos t + a sin t)
    expect(out[0]).toBeCloseTo(Math.cos(5), 5);
    expect(out[1]).toBeCloseTo(Math.sin(5), 5);
    expect(out[2]).toBeCloseTo(0.5 * Math.cos(6) - 2 * Math.sin(6), 5);
    expect(out[3]).toBeCloseTo(2 * Math.cos(6) + 0.5 * Math.sin(6), 5);
  });

  it("rejects an odd head size", () => {
    expect(() => new RotaryEmbedding({ headDim: 3 })).toThrow(/headDim must be a positive even integer, got 3/);
  });
});
