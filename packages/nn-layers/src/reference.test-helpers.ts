import * as tf from "@tensorflow/tfjs-core";
import type { RotaryTables } from "./rotary.js";
// Plain-JS reference implementations (loops, float64) used to check the tfjs layers.

export type Matrix = number[][];

export function matmul(a: Matrix, b: Matrix): Matrix {
  return a.map((row) => b[0]!.map((_, j) => row.reduce((sum, v, k) => sum + v * b[k]![j]!, 0)));
}

/** Linear with a tfjs-layout kernel [in, out]. */
export function linearRef(x: Matrix, kernel: Matrix, bias?: number[]): Matrix {
  return matmul(x, kernel).map((row) => row.map((v, j) => v + (bias ? bias[j]! : 0)));
}

export function rmsNormRef(x: Matrix, w: number[], eps: number): Matrix {
  return x.map((row) => {
    const ms = row.reduce((s, v) => s + v * v, 0) / row.length;
    return row.map((v, j) => (w[j]! * v) / Math.sqrt(ms + eps));
  });
}

function softmax(row: number[]): number[] {
  const m = Math.max(...row);
  const e = row.map((v) => Math.exp(v - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}

export function rope(vec: number[], pos: number, theta: number): number[] {
  const d = vec.length;
  const half = d / 2;
  const out = vec.slice();
  for (let i = 0; i < half; i++) {
    const t = pos * Math.pow(theta, (-2 * i) / d);
    out[i] = vec[i]! * Math.cos(t) - vec[i + half]! * Math.sin(t);
    out[i + half] = vec[i + half]! * Math.cos(t) + vec[i]! * Math.sin(t);
  }
  return out;
}

export interface AttentionWeights {
  q: Matrix; qb?: number[]; k: Matrix; kb?: number[]; v: Matrix; vb?: number[]; o: Matrix;
}

/** Rotates one head vector of token i; the default is 1-D RoPE at position i. */
export type RopeRef = (vec: number[], i: number) => number[];

/** One sequence [n, hidden] through GQA, PyTorch-style: repeat_interleave of kv heads. */
export function attentionRef(x: Matrix, w: AttentionWeights, nQ: number, nKv: number, theta: number, causal: boolean, ropeAt?: RopeRef): Matrix {
  const rotateAt: RopeRef = ropeAt ?? ((vec, i) => rope(vec, i, theta));
  const q = linearRef(x, w.q, w.qb);
  const k = linearRef(x, w.k, w.kb);
  const v = linearRef(x, w.v, w.vb);
  const hd = q[0]!.length / nQ;
  const g = nQ / nKv;
  const n = x.length;
  const context: Matrix = x.map(() => new Array<number>(nQ * hd).fill(0));
  for (let h = 0; h < nQ; h++) {
    const kvHead = Math.floor(h / g);
    const qh = q.map((row, i) => rotateAt(row.slice(h * hd, (h + 1) * hd), i));
    const kh = k.map((row, i) => rotateAt(row.slice(kvHead * hd, (kvHead + 1) * hd), i));
    const vh = v.map((row) => row.slice(kvHead * hd, (kvHead + 1) * hd));
    for (let i = 0; i < n; i++) {
      const scores = kh.map((kr, j) => (causal && j > i ? -Infinity : qh[i]!.reduce((s, a, t) => s + a * kr[t]!, 0) / Math.sqrt(hd)));
      const p = softmax(scores);
      for (let t = 0; t < hd; t++) context[i]![h * hd + t] = p.reduce((s, pj, j) => s + pj * vh[j]![t]!, 0);
    }
  }
  return linearRef(context, w.o);
}

/**
 * Random RoPE tables `[n, hd]` whose head vectors are rotated in slices of `w` dims: token t,
 * slice s turns its pair (i, i + w/2) by angles[t][s*(w/2) + i]; cos/sin repeat over both halves of a slice.
 */
export function slicedTables(n: number, hd: number, w: number, seed: number): { tables: RotaryTables; angles: number[][] } {
  const pairs = hd / 2;
  const angles = tf.randomUniform([n, pairs], -4, 4, "float32", seed).arraySync() as number[][];
  const cos = new Float32Array(n * hd);
  const sin = new Float32Array(n * hd);
  for (let t = 0; t < n; t++) {
    for (let p = 0; p < pairs; p++) {
      const [s, i] = [Math.floor(p / (w / 2)), p % (w / 2)];
      for (const j of [s * w + i, s * w + i + w / 2]) {
        cos[t * hd + j] = Math.cos(angles[t]![p]!);
        sin[t * hd + j] = Math.sin(angles[t]![p]!);
      }
    }
  }
  return { tables: { cos: tf.tensor2d(cos, [n, hd]), sin: tf.tensor2d(sin, [n, hd]), sliceWidth: w }, angles };
}

/** One head vector rotated by explicit 2x2 rotations: slice s, pair (i, i + w/2), angle angles[s*(w/2) + i]. */
export function slicedRopeRef(vec: number[], angles: number[], w: number): number[] {
  const out = vec.slice();
  for (let s = 0; s < vec.length / w; s++) {
    for (let i = 0; i < w / 2; i++) {
      const [a, b] = [s * w + i, s * w + i + w / 2];
      const t = angles[s * (w / 2) + i]!;
      out[a] = vec[a]! * Math.cos(t) - vec[b]! * Math.sin(t);
      out[b] = vec[b]! * Math.cos(t) + vec[a]! * Math.sin(t);
    }
  }
  return out;
}
