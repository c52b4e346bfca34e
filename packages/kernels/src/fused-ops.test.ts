import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-wasm";
// Bare tfjs-core registers no gradients (the tfjs union package does).
import "@tensorflow/tfjs-core/dist/register_all_gradients";
import { beforeAll, describe, expect, it } from "vitest";
import { fusedAdamWUpdate, fusedAttention, fusedKernelsActive, fusedLinear, fusedRmsNorm, fusedRotary, fusedSwiGLU, registerFastWasmKernels } from "./node.js";
import { referenceAttention, referenceRmsNorm, referenceRotary, referenceSwiGLU } from "./reference.test-helpers.js";

beforeAll(async () => {
  registerFastWasmKernels();
  await tf.setBackend("wasm");
  await tf.ready();
});

function maxAbsDiff(a: tf.Tensor, b: tf.Tensor): number {
  expect(a.shape).toEqual(b.shape);
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!);
}

/** Values and gradients (of sum(f(inputs) * w), w random) of a fused op against its tfjs composition. */
function compareWithReference(
  fused: (...xs: tf.Tensor[]) => tf.Tensor,
  reference: (...xs: tf.Tensor[]) => tf.Tensor,
  inputs: tf.Tensor[],
  tolerance: number,
): void {
  tf.tidy(() => {
    const yFused = fused(...inputs);
    const yRef = reference(...inputs);
    expect(maxAbsDiff(yFused, yRef)).toBeLessThan(tolerance);
    const w = tf.randomNormal(yRef.shape, 0, 1, "float32", 7);
    const gFused = tf.grads((...xs: tf.Tensor[]) => tf.sum(tf.mul(fused(...xs), w)))(inputs);
    const gRef = tf.grads((...xs: tf.Tensor[]) => tf.sum(tf.mul(reference(...xs), w)))(inputs);
    gFused.forEach((g, i) => expect(maxAbsDiff(g, gRef[i]!), `gradient of input ${i}`).toBeLessThan(tolerance));
  });
}

const randn = (shape: number[], seed: number) => tf.randomNormal(shape, 0, 1, "float32", seed);

describe("fused ops on the wasm backend", () => {
  it("are active on wasm once registered", () => {
    expect(fusedKernelsActive()).toBe(true);
  });

  // Half a head is rotated 4 lanes at a time: hd 8 all in vectors, 12 a vector and a tail, 4 none.
  it.each([8, 12, 4])("rotary equals x*cos + rotate_half(x)*sin, and its gradient (hd %i)", (hd) => {
    const cos = tf.cos(randn([5, hd], 2));
    const sin = tf.sin(randn([5, hd], 3));
    compareWithReference(
      (x) => fusedRotary(x!, cos, sin),
      (x) => referenceRotary(x!, cos, sin),
      [randn([2, 3, 5, hd], 1)],
      1e-5,
    );
  });

  it("rotary on a token-major [B, n, heads*hd] tensor rotates every head", () => {
    const cos = tf.cos(randn([5, 8], 2));
    const sin = tf.sin(randn([5, 8], 3));
    const toHeadMajor = (x: tf.Tensor) => tf.transpose(tf.reshape(x, [2, 5, 3, 8]), [0, 2, 1, 3]); // [B, h, n, hd]
    compareWithReference(
      (x) => toHeadMajor(fusedRotary(x!, cos, sin)),
      (x) => referenceRotary(toHeadMajor(x!), cos, sin),
      [randn([2, 5, 24], 1)],
      1e-5,
    );
  });

  it("linear x W + b (and without bias) with gradients for x, W and b", () => {
    const x = randn([2, 9, 13], 20);
    const w = randn([13, 6], 21);
    const b = randn([6], 22);
    compareWithReference((xi, wi, bi) => fusedLinear(xi!, wi!, bi!), (xi, wi, bi) => tf.add(tf.reshape(tf.matMul(tf.reshape(xi!, [18, 13]), wi!), [2, 9, 6]), bi!), [x, w, b], 1e-4);
    compareWithReference((xi, wi) => fusedLinear(xi!, wi!), (xi, wi) => tf.reshape(tf.matMul(tf.reshape(xi!, [18, 13]), wi!), [2, 9, 6]), [x, w], 1e-4);
  });

  it("attention on token-major projections equals the head-major computation", () => {
    const [b, n, hq, hkv, hd] = [2, 7, 4, 2, 8];
    const heads = (x: tf.Tensor, h: number) => tf.transpose(tf.reshape(x, [b, n, h, hd]), [0, 2, 1, 3]); // [B, h, n, hd]
    const scale = 1 / Math.sqrt(hd);
    compareWithReference(
      (q, k, v) => heads(fusedAttention(q!, k!, v!, { scale, causal: true, numHeads: hq, numKvHeads: hkv }), hq),
      (q, k, v) => referenceAttention(heads(q!, hq), heads(k!, hkv), heads(v!, hkv), scale, true, 0),
      [randn([b, n, hq * hd], 23), randn([b, n, hkv * hd], 24), randn([b, n, hkv * hd], 25)],
      1e-4,
    );
  });

  it("attention names the shapes it cannot use", () => {
    expect(() => fusedAttention(randn([2, 4, 3, 8], 1), randn([2, 3, 3, 8], 2), randn([2, 3, 3, 8], 3), { scale: 1 })).toThrow(
      /incompatible shapes q \[2,4,3,8\], k \[2,3,3,8\]/,
    );
  });

  it.each([16, 18])("RMSNorm and its gradients for x and weight (width %i)", (d) => {
    compareWithReference(
      (x, w) => fusedRmsNorm(x!, w!, 1e-6),
      (x, w) => referenceRmsNorm(x!, w!, 1e-6),
      [randn([2, 7, d], 4), randn([d], 5)],
      1e-4,
    );
  });

  it("SwiGLU activation and its gradients", () => {
    // 120 values: all SIMD lanes; 21: a scalar tail too.
    for (const shape of [[3, 40], [3, 7]]) {
      compareWithReference(fusedSwiGLU as (...xs: tf.Tensor[]) => tf.Tensor, (g, u) => referenceSwiGLU(g!, u!), [randn(shape, 6), randn(shape, 7)], 1e-5);
    }
  });

  // The kernel works in 4-query x 8-column tiles: these cover partial tiles on every side
  // (n, T and hd not multiples of 4 or 8) as well as whole ones.
  for (const [label, hq, hkv, n, t, causal, offset, hd] of [
    ["grouped heads, no mask", 8, 2, 17, 17, false, 0, 8],
    ["multi-head, causal", 4, 4, 6, 6, true, 0, 8],
    ["causal with a cache offset", 4, 2, 3, 7, true, 4, 8],
    ["head size 4", 4, 2, 9, 9, false, 0, 4],
    ["head size 6 (not a multiple of 4)", 2, 1, 5, 5, true, 0, 6],
    ["head size 20 (a 4-column tail)", 4, 1, 8, 8, true, 0, 20],
    ["head size 16, 50 tokens (the 1.68M shape)", 4, 1, 50, 50, false, 0, 16],
  ] as const) {
    it(`attention core: ${label}`, () => {
      const scale = 1 / Math.sqrt(hd);
      compareWithReference(
        (q, k, v) => fusedAttention(q!, k!, v!, { scale, causal, offset }),
        (q, k, v) => referenceAttention(q!, k!, v!, scale, causal, offset),
        [randn([2, hq, n, hd], 8), randn([2, hkv, t, hd], 9), randn([2, hkv, t, hd], 10)],
        1e-4,
      );
    });
  }

  it("AdamW update equals PyTorch's formula computed with tfjs ops", () => {
    tf.tidy(() => {
      const [p, g, m] = [randn([37], 11), randn([37], 12), randn([37], 13)];
      const v = tf.abs(randn([37], 14));
      const s = { lr: 1e-3, weightDecay: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, stepSize: 1e-3 / (1 - 0.9 ** 3), bc2Sqrt: Math.sqrt(1 - 0.999 ** 3) };
      const [p2, m2, v2] = fusedAdamWUpdate(p, g, m, v, s);
      const mRef = tf.add(tf.mul(m, s.beta1), tf.mul(g, 1 - s.beta1));
      const vRef = tf.add(tf.mul(v, s.beta2), tf.mul(tf.square(g), 1 - s.beta2));
      const denom = tf.add(tf.div(tf.sqrt(vRef), s.bc2Sqrt), s.epsilon);
      const pRef = tf.sub(tf.mul(p, 1 - s.lr * s.weightDecay), tf.mul(tf.div(mRef, denom), s.stepSize));
      expect(maxAbsDiff(m2, mRef)).toBeLessThan(1e-7);
      expect(maxAbsDiff(v2, vRef)).toBeLessThan(1e-7);
      expect(maxAbsDiff(p2, pRef)).toBeLessThan(1e-7);
    });
  });
});
