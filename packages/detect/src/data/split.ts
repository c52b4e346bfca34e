import { CanvasOptionError } from "./option-error.js";

/** Side of a source digit image (MNIST: 28 x 28). */
export const DIGIT_SIZE = 28;
const DIGIT_PIXELS = DIGIT_SIZE * DIGIT_SIZE;

/**
 * The digits canvases are made from: one split, e.g. `@llmnist/mnist-data`'s `MnistSplit`
 * (training canvases from the training split, test canvases from the test split).
 */
export interface DigitSplit {
  readonly name?: string;
  readonly count: number;
  /** count * 784 values, row-major [count, 28, 28], light ink on black in [0, 1]. */
  readonly images: Float32Array;
  /** count labels, each 0..9. */
  readonly labels: Uint8Array;
}

/** Throws a CanvasOptionError unless `split` holds `count` 28 x 28 images and labels. */
export function checkSplit(fn: string, split: DigitSplit): void {
  const fail = (field: string, expected: string, got: unknown): never => {
    throw new CanvasOptionError(fn, field, expected, got);
  };
  if (split === null || typeof split !== "object") fail("split", "a split { count, images, labels }", split);
  const { count, images, labels } = split;
  if (!Number.isSafeInteger(count) || count < 1) fail("split.count", "a positive integer", count);
  if (!(images instanceof Float32Array)) fail("split.images", "a Float32Array", images);
  if (images.length !== count * DIGIT_PIXELS) fail("split.images", `${count} * 784 = ${count * DIGIT_PIXELS} values`, images.length);
  if (!(labels instanceof Uint8Array)) fail("split.labels", "a Uint8Array", labels);
  if (labels.length !== count) fail("split.labels", `${count} labels`, labels.length);
  const bad = labels.findIndex((label) => label > 9);
  if (bad >= 0) fail(`split.labels[${bad}]`, "a digit 0..9", labels[bad]);
}
