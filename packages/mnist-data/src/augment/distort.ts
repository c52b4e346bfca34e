import type { Rng } from "@llmnist/random";
import { MNIST_IMAGE_SIZE } from "../split.js";
import { cachedGaussianKernel, convolveSeparable } from "./gaussian.js";

/**
 * Random geometric distortion of one 28 x 28 image (Simard et al. 2003): a small affine map
 * (rotation, scale, shift) plus an elastic field (uniform noise smoothed by a Gaussian of
 * `elasticSigma`, normalised to a largest value of `elasticAlpha`, then scaled by uniform
 * [0, 1) draws as `elasticScale` says), sampled bilinearly with zero outside. Each affine
 * bound is drawn uniformly in [-max, max].
 */
export interface DistortOptions {
  /** Shift per axis, pixels. */
  maxShift: number;
  /** Rotation, degrees. */
  maxRotationDeg: number;
  /** Relative scale change (0.1: 0.9x to 1.1x). */
  maxScale: number;
  /** Largest elastic displacement, pixels; 0 = no elastic field (and no draws for it). */
  elasticAlpha: number;
  /** Smoothness of the elastic field: the Gaussian's sigma, pixels. */
  elasticSigma: number;
  /**
   * How the normalised elastic field is scaled. "pixel" (the default, what MnistVL trained
   * with and keeps for its numbers): every pixel's displacement by its own uniform draw, which
   * makes the field rough, so strokes come out frayed. "field": one draw per axis, the whole
   * field scaled alike, so it stays smooth (Simard et al.'s elastic distortion).
   */
  elasticScale?: "pixel" | "field";
}

/** MnistVL's default distortion. */
export const DEFAULT_DISTORTION: DistortOptions = { maxShift: 2, maxRotationDeg: 12, maxScale: 0.1, elasticAlpha: 6, elasticSigma: 4 };

function elasticField(rng: Rng, o: DistortOptions): [Float32Array, Float32Array] | null {
  if (o.elasticAlpha <= 0) return null;
  const make = () => {
    const noise = new Float32Array(MNIST_IMAGE_SIZE * MNIST_IMAGE_SIZE);
    for (let i = 0; i < noise.length; i++) noise[i] = rng.next() * 2 - 1;
    const field = convolveSeparable(noise, cachedGaussianKernel(o.elasticSigma));
    // Normalise to unit max so alpha is the largest displacement in pixels.
    let max = 1e-12;
    for (const v of field) max = Math.max(max, Math.abs(v));
    if (o.elasticScale === "field") {
      const scale = o.elasticAlpha * rng.next();
      for (let i = 0; i < field.length; i++) field[i] = (field[i]! / max) * scale;
    } else {
      for (let i = 0; i < field.length; i++) field[i] = (field[i]! / max) * o.elasticAlpha * rng.next();
    }
    return field;
  };
  return [make(), make()];
}

/**
 * Distorts `src` (784 values) into `dst` (784 values, not `src`). Draws 4 numbers, then for
 * the elastic field when `elasticAlpha` > 0, per axis 784 for the noise and 784 ("pixel") or
 * 1 ("field") for the scale.
 */
export function distortImage(src: ArrayLike<number>, dst: Float32Array, rng: Rng, o: DistortOptions = DEFAULT_DISTORTION): void {
  const n = MNIST_IMAGE_SIZE;
  const c = (n - 1) / 2;
  const angle = ((rng.next() * 2 - 1) * o.maxRotationDeg * Math.PI) / 180;
  const scale = 1 + (rng.next() * 2 - 1) * o.maxScale;
  const shiftX = (rng.next() * 2 - 1) * o.maxShift;
  const shiftY = (rng.next() * 2 - 1) * o.maxShift;
  const cos = Math.cos(angle) / scale;
  const sin = Math.sin(angle) / scale;
  const elastic = elasticField(rng, o);
  for (let y = 0; y < n; y++) {
    for (let x = 0; x < n; x++) {
      // Inverse map: where in the source this output pixel comes from.
      const dx = x - c - shiftX;
      const dy = y - c - shiftY;
      let sx = cos * dx + sin * dy + c;
      let sy = -sin * dx + cos * dy + c;
      if (elastic) {
        sx += elastic[0][y * n + x]!;
        sy += elastic[1][y * n + x]!;
      }
      dst[y * n + x] = bilinear(src, sx, sy);
    }
  }
}

function bilinear(src: ArrayLike<number>, x: number, y: number): number {
  const n = MNIST_IMAGE_SIZE;
  const x0 = Math.floor(x);
  const y0 = Math.floor(y);
  const fx = x - x0;
  const fy = y - y0;
  const at = (xx: number, yy: number) => (xx < 0 || yy < 0 || xx >= n || yy >= n ? 0 : src[yy * n + xx]!);
  return (1 - fy) * ((1 - fx) * at(x0, y0) + fx * at(x0 + 1, y0)) + fy * ((1 - fx) * at(x0, y0 + 1) + fx * at(x0 + 1, y0 + 1));
}
