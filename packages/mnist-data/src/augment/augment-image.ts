import type { Rng } from "@llmnist/random";
import { MNIST_PIXELS } from "../split.js";
import { checkAugmentOptions, type AugmentOptions } from "./augment-options.js";
import { blurImage, sampleBlurSigma } from "./blur.js";
import { adjustContrast, sampleContrast } from "./contrast.js";
import { distortImage } from "./distort.js";
import { changeStrokeWidth, sampleStrokeRadius } from "./stroke.js";

// Options objects already checked: a training run checks its one object once, not per image.
const checked = new WeakSet<AugmentOptions>();

/**
 * Augments one 28 x 28 image: `src` (784 values in [0, 1]) into `dst` (784 values, may be
 * `src`), with the steps of `o` in their fixed order (see AugmentOptions), each drawing its
 * numbers from `rng` in turn. The same rng seed and options give the same image on every
 * platform. With only `distort` set and `normalize` false it is distortImage, draw for draw.
 */
export function augmentImage(src: ArrayLike<number>, dst: Float32Array, rng: Rng, o: AugmentOptions): void {
  if (!checked.has(o)) {
    checkAugmentOptions(o, "augmentImage");
    checked.add(o);
  }
  if (src.length !== MNIST_PIXELS) throw new Error(`augmentImage: src has ${src.length} values, expected ${MNIST_PIXELS}`);
  if (dst.length !== MNIST_PIXELS) throw new Error(`augmentImage: dst has ${dst.length} values, expected ${MNIST_PIXELS}`);
  let a = new Float32Array(MNIST_PIXELS);
  let b = new Float32Array(MNIST_PIXELS);
  if (o.distort) distortImage(src, a, rng, o.distort);
  else a.set(src);
  // Each step reads `a` and writes `b`, then they swap.
  const step = (apply: (from: Float32Array, to: Float32Array) => void): void => {
    apply(a, b);
    [a, b] = [b, a];
  };
  if (o.stroke) {
    const radius = sampleStrokeRadius(rng, o.stroke);
    step((from, to) => changeStrokeWidth(from, to, radius));
  }
  if (o.blur) {
    const sigma = sampleBlurSigma(rng, o.blur);
    step((from, to) => blurImage(from, to, sigma));
  }
  if (o.normalize) normalizePeak(a);
  if (o.contrast) {
    const params = sampleContrast(rng, o.contrast);
    step((from, to) => adjustContrast(from, to, params));
  }
  for (let i = 0; i < MNIST_PIXELS; i++) dst[i] = Math.min(1, Math.max(0, a[i]!));
}

/** Divides by the brightest pixel so it is 1; a blank image stays blank. */
export function normalizePeak(img: Float32Array): void {
  let peak = 0;
  for (const v of img) peak = Math.max(peak, v);
  if (peak <= 1e-6) return;
  for (let i = 0; i < img.length; i++) img[i] = img[i]! / peak;
}
