import type { Rng } from "@llmnist/random";
import { MNIST_PIXELS } from "../split.js";
import { convolveSeparable, gaussianKernel } from "./gaussian.js";

/** Random Gaussian blur: sigma drawn uniformly in [0, maxSigma] (one draw). */
export interface BlurOptions {
  /** Largest sigma, pixels, in [0, 3]. */
  maxSigma: number;
}

/** One draw: the sigma blurImage takes. */
export function sampleBlurSigma(rng: Rng, o: BlurOptions): number {
  return rng.next() * o.maxSigma;
}

/** Gaussian blur of `sigma` pixels (zero outside the image); sigma 0 copies. */
export function blurImage(src: ArrayLike<number>, dst: Float32Array, sigma: number): void {
  if (sigma <= 0) {
    for (let i = 0; i < MNIST_PIXELS; i++) dst[i] = src[i]!;
    return;
  }
  dst.set(convolveSeparable(src, gaussianKernel(sigma)));
}
