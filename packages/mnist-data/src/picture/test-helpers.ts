import type { GrayImage } from "./gray-image.js";
import type { PixelImage } from "./pixel-image.js";

/** A white canvas with black filled rectangles (x, y, width, height): a "drawn" digit. */
export function drawRects(width: number, height: number, rects: Array<[number, number, number, number]>): GrayImage {
  const pixels = new Float32Array(width * height).fill(1);
  for (const [rx, ry, rw, rh] of rects) {
    for (let y = ry; y < ry + rh; y++) for (let x = rx; x < rx + rw; x++) pixels[y * width + x] = 0;
  }
  return { width, height, pixels };
}

/** A gray picture as a one-channel float PixelImage. */
export function asPixels({ width, height, pixels }: GrayImage): PixelImage {
  return { width, height, channels: 1, data: pixels };
}

/** Bounding box size of the pixels above `threshold` in a size x size image. */
export function inkExtent(pixels: Float32Array, size = 28, threshold = 0): { width: number; height: number } {
  let left = size;
  let right = -1;
  let top = size;
  let bottom = -1;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      if (pixels[y * size + x]! > threshold) {
        left = Math.min(left, x);
        right = Math.max(right, x);
        top = Math.min(top, y);
        bottom = Math.max(bottom, y);
      }
    }
  }
  return { width: right - left + 1, height: bottom - top + 1 };
}
