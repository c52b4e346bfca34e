import { MNIST_IMAGE_SIZE } from "../split.js";

/** Normalised 1-D Gaussian of `sigma` (> 0) over [-ceil(3 sigma), ceil(3 sigma)]. */
export function gaussianKernel(sigma: number): Float32Array {
  const radius = Math.ceil(3 * sigma);
  const k = new Float32Array(2 * radius + 1);
  let total = 0;
  for (let i = -radius; i <= radius; i++) total += k[i + radius] = Math.exp(-(i * i) / (2 * sigma * sigma));
  for (let i = 0; i < k.length; i++) k[i]! /= total;
  return k;
}

// The elastic field's sigma is fixed for a run: its kernel is built once (a random blur sigma is not cached).
const cache = new Map<number, Float32Array>();
export function cachedGaussianKernel(sigma: number): Float32Array {
  const hit = cache.get(sigma);
  if (hit) return hit;
  const k = gaussianKernel(sigma);
  cache.set(sigma, k);
  return k;
}

/**
 * Separable convolution of a 28 x 28 field (row-major) with `k` along rows, then columns,
 * zero padded; returns a new field. The order of the sums is part of distortImage's pinned numbers.
 */
export function convolveSeparable(field: ArrayLike<number>, k: Float32Array): Float32Array {
  const r = (k.length - 1) / 2;
  const n = MNIST_IMAGE_SIZE;
  const tmp = new Float32Array(n * n);
  const out = new Float32Array(n * n);
  for (let y = 0; y < n; y++) {
    for (let x = 0; x < n; x++) {
      let s = 0;
      for (let j = Math.max(0, x - r); j <= Math.min(n - 1, x + r); j++) s += field[y * n + j]! * k[j - x + r]!;
      tmp[y * n + x] = s;
    }
  }
  for (let y = 0; y < n; y++) {
    for (let x = 0; x < n; x++) {
      let s = 0;
      for (let i = Math.max(0, y - r); i <= Math.min(n - 1, y + r); i++) s += tmp[i * n + x]! * k[i - y + r]!;
      out[y * n + x] = s;
    }
  }
  return out;
}
