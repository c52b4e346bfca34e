import type { Rng } from "@llmnist/random";
import { MNIST_PIXELS } from "../split.js";

/**
 * Random ink contrast: dst = clamp(gain * src^gamma + brightness, 0, 1) with, in three draws,
 * gain uniform in [1, 1 + maxGain], gamma log-uniform in [1 / (1 + maxGamma), 1 + maxGamma]
 * and brightness uniform in [-maxBrightness, maxBrightness].
 */
export interface ContrastOptions {
  /** gain > 1 saturates the ink (harder, bolder strokes); below 1 never: the peak stays 1, as toMnistImage makes it. */
  maxGain: number;
  /** gamma keeps 0 and 1 and bends the gray edges between: < 1 bolder, > 1 crisper and thinner. */
  maxGamma: number;
  /** An offset of every pixel; the background goes below 0 and is clamped, or lifts above 0 (unlike toMnistImage's output). */
  maxBrightness: number;
}

export interface ContrastParams {
  gain: number;
  gamma: number;
  brightness: number;
}

/** Three draws: gain, gamma, brightness. */
export function sampleContrast(rng: Rng, o: ContrastOptions): ContrastParams {
  const gain = 1 + rng.next() * o.maxGain;
  const gamma = Math.pow(1 + o.maxGamma, rng.next() * 2 - 1);
  const brightness = (rng.next() * 2 - 1) * o.maxBrightness;
  return { gain, gamma, brightness };
}

/** dst = clamp(gain * src^gamma + brightness, 0, 1) per pixel (src below 0 counts as 0). */
export function adjustContrast(src: ArrayLike<number>, dst: Float32Array, p: ContrastParams): void {
  for (let i = 0; i < MNIST_PIXELS; i++) {
    const v = Math.max(0, src[i]!);
    dst[i] = Math.min(1, Math.max(0, p.gain * Math.pow(v, p.gamma) + p.brightness));
  }
}
