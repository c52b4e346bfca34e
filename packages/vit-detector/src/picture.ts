import type { DetectorCanvas } from "./padding.js";

/** A picture's gray pixels, row-major `[height, width]`, in [0, 1] (e.g. `@llmnist/mnist-data`'s toGray). */
export interface GrayPicture {
  width: number;
  height: number;
  pixels: Float32Array;
}

/** Sides a detector accepts, in pixels: the synthetic canvases' range. */
export const PICTURE_MIN_SIDE = 16;
export const PICTURE_MAX_SIDE = 4096;

/**
 * A gray picture as the detector's input, without copying its pixels: the paper colour (the
 * median of the border pixels) says the polarity, which the padding to whole patches follows.
 * Throws naming `source` for sizes outside [16, 4096] or pixels that do not fit.
 */
export function pictureCanvas(picture: GrayPicture, source = "picture"): DetectorCanvas & { polarity: "light-on-dark" | "dark-on-light" } {
  const { width, height, pixels } = picture ?? ({} as GrayPicture);
  for (const [name, side] of [["width", width], ["height", height]] as const) {
    if (!Number.isInteger(side) || side < PICTURE_MIN_SIDE || side > PICTURE_MAX_SIDE) {
      throw new Error(`${source}: ${name} must be an integer in [${PICTURE_MIN_SIDE}, ${PICTURE_MAX_SIDE}] pixels, got ${String(side)}`);
    }
  }
  if (!(pixels instanceof Float32Array) || pixels.length !== width * height) {
    throw new Error(`${source}: pixels must be a Float32Array of width * height = ${width * height} values, got ${pixels instanceof Float32Array ? pixels.length : typeof pixels}`);
  }
  return { width, height, pixels, polarity: borderMedian(picture) > 0.5 ? "dark-on-light" : "light-on-dark" };
}

function borderMedian({ width, height, pixels }: GrayPicture): number {
  const border: number[] = [];
  for (let x = 0; x < width; x++) border.push(pixels[x]!, pixels[(height - 1) * width + x]!);
  for (let y = 1; y < height - 1; y++) border.push(pixels[y * width]!, pixels[y * width + width - 1]!);
  border.sort((a, b) => a - b);
  return border[border.length >> 1]!;
}
