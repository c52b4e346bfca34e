import * as tf from "@tensorflow/tfjs-core";
import type { GroundTruthObject } from "./targets.js";

/** What the detector reads of a canvas: `@llmnist/detect`'s `Canvas` is one. */
export interface DetectorCanvas {
  width: number;
  height: number;
  /** Gray, row-major `[height, width]`, in [0, 1]. */
  pixels: Float32Array;
  /** Picks the padding value, the background: 0 for light-on-dark (the default), 1 for dark-on-light. */
  polarity?: "light-on-dark" | "dark-on-light";
  /** Ground truth, for training (not read by padding). */
  objects?: ReadonlyArray<GroundTruthObject>;
}

/** The smallest multiple of `patchSize` that is at least `side`. */
export function roundUpToPatch(side: number, patchSize: number): number {
  return Math.ceil(side / patchSize) * patchSize;
}

const background = (canvas: DetectorCanvas): number => (canvas.polarity === "dark-on-light" ? 1 : 0);

/**
 * The canvas padded at the bottom and right with its background, to `size` (default: each side
 * rounded up to a multiple of `patchSize`). Boxes keep their pixel coordinates. A canvas that
 * needs no padding comes back with its own pixels (not a copy).
 */
export function padToPatch(canvas: DetectorCanvas, patchSize: number, size?: { width: number; height: number }): { width: number; height: number; pixels: Float32Array } {
  checkCanvas(canvas, "padToPatch");
  if (!Number.isInteger(patchSize) || patchSize <= 0) throw new Error(`padToPatch: patchSize must be a positive integer, got ${patchSize}`);
  const width = size?.width ?? roundUpToPatch(canvas.width, patchSize);
  const height = size?.height ?? roundUpToPatch(canvas.height, patchSize);
  if (width % patchSize !== 0 || height % patchSize !== 0 || width < canvas.width || height < canvas.height) {
    throw new Error(`padToPatch: size ${width} x ${height} must be multiples of ${patchSize} no smaller than the canvas (${canvas.width} x ${canvas.height})`);
  }
  if (width === canvas.width && height === canvas.height) return { width, height, pixels: canvas.pixels };
  const pixels = new Float32Array(width * height).fill(background(canvas)); // [height, width]
  for (let y = 0; y < canvas.height; y++) pixels.set(canvas.pixels.subarray(y * canvas.width, (y + 1) * canvas.width), y * width);
  return { width, height, pixels };
}

/**
 * A batch of canvases of any sizes as one image tensor `[B, H, W, 1]`: each is padded with its
 * background to the batch's largest height and width, rounded up to a multiple of
 * `patchSize`. Padded cells hold no object, so training sees them as more background.
 */
export function canvasBatch(canvases: readonly DetectorCanvas[], patchSize: number): { images: tf.Tensor4D; height: number; width: number } {
  if (canvases.length === 0) throw new Error("canvasBatch: no canvases");
  canvases.forEach((c, i) => checkCanvas(c, `canvasBatch: canvas ${i}`));
  const height = roundUpToPatch(Math.max(...canvases.map((c) => c.height)), patchSize);
  const width = roundUpToPatch(Math.max(...canvases.map((c) => c.width)), patchSize);
  const data = new Float32Array(canvases.length * height * width); // [B, H, W]
  canvases.forEach((canvas, b) => data.set(padToPatch(canvas, patchSize, { width, height }).pixels, b * height * width));
  return { images: tf.tensor4d(data, [canvases.length, height, width, 1]), height, width };
}

function checkCanvas(canvas: DetectorCanvas, where: string): void {
  if (canvas === null || typeof canvas !== "object") throw new Error(`${where}: expected a canvas { width, height, pixels }, got ${String(canvas)}`);
  const { width, height, pixels } = canvas;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) throw new Error(`${where}: width and height must be positive integers, got ${width} x ${height}`);
  if (!(pixels instanceof Float32Array) || pixels.length !== width * height) {
    throw new Error(`${where}: pixels must be a Float32Array of width * height = ${width * height} values, got ${pixels instanceof Float32Array ? pixels.length : typeof pixels}`);
  }
}
