import "@tensorflow/tfjs-backend-cpu";
import * as tf from "@tensorflow/tfjs-core";
import { describe, expect, it } from "vitest";
import { applyRotaryPosEmb, applyRotaryTables, applyRotaryTablesTokenMajor, RotaryEmbedding, rotateHalf, type RotaryTables } from "./rotary.js";
import { slicedTables, slicedRopeRef } from "./reference.test-helpers.js";

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

describe("applyRotaryTables", () => {
  it("with 1-D tables (sliceWidth = head_dim) equals applyRotaryPosEmb", () => {
    const rope = new RotaryEmbedding({ headDim: 8 });
    const { cos, sin } = rope.cosSin(5, 2);
    const x = tf.randomNormal([2, 3, 5, 8], 0, 1, "float32", 1); // [B, heads, n, hd]
    const [expected] = applyRotaryPosEmb(x, x, cos, sin);
    expect(Array.from(applyRotaryTables(x, { cos, sin }).dataSync())).toEqual(Array.from(expected.dataSync()));
    rope.dispose();
  });

  it("rotates each slice of sliceWidth dims on its own (pairs i, i + w/2 within a slice)", () => {
    const [n, hd, w] = [4, 8, 4];
    const { tables, angles } = slicedTables(n, hd, w, 3);
    const x = tf.randomNormal([1, 2, n, hd], 0, 1, "float32", 2); // [B, heads, n, hd]
    const out = applyRotaryTables(x, tables).arraySync() as number[][][][];
    const input = x.arraySync() as number[][][][];
    for (let h = 0; h < 2; h++) {
      for (let t = 0; t < n; t++) {
        const expected = slicedRopeRef(input[0]![h]![t]!, angles[t]!, w);
        out[0]![h]![t]!.forEach((v, j) => expect(v).toBeCloseTo(expected[j]!, 5));
      }
    }
  });

  it("token-major [B, n, heads*hd] gives what head-major gives", () => {
    const [n, hd, heads] = [3, 8, 2];
    const { tables } = slicedTables(n, hd, 4, 5);
    const x = tf.randomNormal([2, n, heads * hd], 0, 1, "float32", 4); // [B, n, heads*hd]
    const headMajor = tf.transpose(tf.reshape(x, [2, n, heads, hd]), [0, 2, 1, 3]); // [B, heads, n, hd]
    const expected = tf.reshape(tf.transpose(applyRotaryTables(headMajor, tables), [0, 2, 1, 3]), [2, n, heads * hd]); // [B, n, heads*hd]
    const got = applyRotaryTablesTokenMajor(x, tables, heads);
    Array.from(got.dataSync()).forEach((v, i) => expect(v).toBeCloseTo(expected.dataSync()[i]!, 6));
  });

  it("names the tables' expected shape and slice width in errors", () => {
    const x = tf.zeros([1, 1, 3, 8]);
    const tables = (rows: number, cols: number, sliceWidth?: number): RotaryTables => ({ cos: tf.zeros([rows, cols]), sin: tf.zeros([rows, cols]), sliceWidth });
    expect(() => applyRotaryTables(x, tables(2, 8))).toThrow("RotaryTables: cos and sin must be [3, 8] (tokens, head_dim), got [2, 8] and [2, 8]");
    expect(() => applyRotaryTables(x, tables(3, 8, 3))).toThrow("RotaryTables: sliceWidth must be an even divisor of head_dim 8, got 3");
  });
});
