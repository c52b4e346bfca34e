import "@tensorflow/tfjs-backend-cpu";
import * as tf from "@tensorflow/tfjs-core";
import { applyRotaryTables } from "@llmnist/nn-layers";
import { describe, expect, it } from "vitest";
import { Rope2D, rope2dInvFreq, rope2dTables } from "./rope2d.js";

/**
 * Plain-JS 2-D RoPE of one head vector at patch (r, c), by explicit 2x2 rotations: in the first
 * half, pair (i, i + hd/4) turns by r * w_i; in the second half, pair (hd/2 + i, hd/2 + i + hd/4)
 * turns by c * w_i; w_i = theta^(-2i / (hd/2)).
 */
function rope2dRef(vec: number[], r: number, c: number, theta: number): number[] {
  const hd = vec.length;
  const quarter = hd / 4;
  const out = vec.slice();
  for (const [start, pos] of [[0, r], [hd / 2, c]] as const) {
    for (let i = 0; i < quarter; i++) {
      const angle = pos * Math.pow(theta, (-2 * i) / (hd / 2));
      const [a, b] = [start + i, start + i + quarter];
      out[a] = vec[a]! * Math.cos(angle) - vec[b]! * Math.sin(angle);
      out[b] = vec[b]! * Math.cos(angle) + vec[a]! * Math.sin(angle);
    }
  }
  return out;
}

const dot = (a: number[], b: number[]) => a.reduce((s, v, i) => s + v * b[i]!, 0);

describe("rope2dInvFreq", () => {
  it("gives each half of a head its own 1-D frequencies theta^(-2i/(hd/2))", () => {
    // hd 16: halves of 8, 4 pairs each: 100^0, 100^-1/4, 100^-1/2, 100^-3/4
    expect(Array.from(rope2dInvFreq(16, 100))).toEqual([1, 0.31622776601683794, 0.1, 0.03162277660168379].map((v) => expect.closeTo(v, 7)));
  });

  it("needs a head size that splits into two halves of pairs", () => {
    expect(() => rope2dInvFreq(6, 100)).toThrow("rope2d: headDim must be a positive multiple of 4 (two halves, each rotated in pairs), got 6");
  });
});

describe("rope2dTables", () => {
  it("lays out row angles over the first half and column angles over the second, tokens row-major", () => {
    // hd 8, theta 100: inv_freq [1, 0.1]; patch (r=2, c=3) of a 3 x 4 grid is token 2*4 + 3 = 11
    const { cos, sin } = rope2dTables(3, 4, 8, 100);
    expect(cos.length).toBe(12 * 8);
    const row = (t: Float32Array) => Array.from(t.subarray(11 * 8, 12 * 8));
    const angles = [2, 0.2, 2, 0.2, 3, 0.3, 3, 0.3];
    expect(row(cos)).toEqual(angles.map((a) => expect.closeTo(Math.cos(a), 6)));
    expect(row(sin)).toEqual(angles.map((a) => expect.closeTo(Math.sin(a), 6)));
  });

  it("rotates q and k as the plain-JS reference does (through nn-layers' applyRotaryTables)", () => {
    const [rows, cols, hd, theta] = [3, 5, 16, 100];
    const rope = new Rope2D(hd, theta);
    const tables = rope.tables(rows, cols);
    expect(tables.sliceWidth).toBe(8);
    const x = tf.randomNormal([2, 3, rows * cols, hd], 0, 1, "float32", 9); // [B, heads, n, hd]
    const got = applyRotaryTables(x, tables).arraySync() as number[][][][];
    const input = x.arraySync() as number[][][][];
    for (let b = 0; b < 2; b++) {
      for (let h = 0; h < 3; h++) {
        for (let t = 0; t < rows * cols; t++) {
          const expected = rope2dRef(input[b]![h]![t]!, Math.floor(t / cols), t % cols, theta);
          got[b]![h]![t]!.forEach((v, j) => expect(v).toBeCloseTo(expected[j]!, 5));
        }
      }
    }
    expect(rope.tables(rows, cols)).toBe(tables); // cached
    rope.dispose();
  });

  it("makes q.k depend only on the (row, column) offset between the two patches", () => {
    const [rows, cols, hd, theta] = [6, 7, 8, 100];
    const rope = new Rope2D(hd, theta);
    const tables = rope.tables(rows, cols);
    const q = tf.randomNormal([hd], 0, 1, "float32", 1).arraySync() as number[];
    const k = tf.randomNormal([hd], 0, 1, "float32", 2).arraySync() as number[];
    // The same q at every patch and the same k at every patch, rotated by the tables.
    const spread = (v: number[]) => tf.tile(tf.tensor4d(v, [1, 1, 1, hd]), [1, 1, rows * cols, 1]); // [1, 1, n, hd]
    const qRot = (applyRotaryTables(spread(q), tables).arraySync() as number[][][][])[0]![0]!;
    const kRot = (applyRotaryTables(spread(k), tables).arraySync() as number[][][][])[0]![0]!;
    const score = (r1: number, c1: number, r2: number, c2: number) => dot(qRot[r1 * cols + c1]!, kRot[r2 * cols + c2]!);
    // offset (dr, dc) = (2, -3) from several places: the same score
    const base = score(0, 4, 2, 1);
    for (const [r, c] of [[1, 3], [3, 6], [2, 5], [1, 4]] as const) expect(score(r, c, r + 2, c - 3)).toBeCloseTo(base, 5);
    // and a score that does change with the offset, in rows and in columns
    expect(Math.abs(score(0, 4, 3, 1) - base)).toBeGreaterThan(1e-3);
    expect(Math.abs(score(0, 4, 2, 2) - base)).toBeGreaterThan(1e-3);
    // with the reference: the score is that of q at (0, 0) and k at the offset
    expect(base).toBeCloseTo(dot(rope2dRef(q, 0, 0, theta), rope2dRef(k, 2, -3, theta)), 5);
    rope.dispose();
  });
});
