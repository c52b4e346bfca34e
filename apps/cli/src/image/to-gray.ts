import type { GrayImage } from "./gray-image.js";

/** ITU-R BT.601 luma weights, the usual RGB -> gray conversion (PIL's "L" mode uses them too). */
const LUMA = [0.299, 0.587, 0.114] as const;

/**
 * 8-bit RGBA (4 bytes a pixel, as pngjs decodes) -> gray in [0, 1], composited on white:
 * a transparent pixel is paper, so a digit drawn on a transparent canvas reads as ink on white.
 */
export function rgbaToGray(rgba: Uint8Array, width: number, height: number): GrayImage {
  if (rgba.length !== width * height * 4) {
    throw new Error(`rgbaToGray: expected ${width}x${height}x4 = ${width * height * 4} bytes, got ${rgba.length}`);
  }
  const pixels = new Float32Array(width * height);
  for (let i = 0; i < pixels.length; i++) {
    const r = rgba[4 * i]!;
    const g = rgba[4 * i + 1]!;
    const b = rgba[4 * i + 2]!;
    const alpha = rgba[4 * i + 3]! / 255;
    const luma = (LUMA[0] * r + LUMA[1] * g + LUMA[2] * b) / 255;
    pixels[i] = alpha * luma + (1 - alpha); // over white
  }
  return { width, height, pixels };
}
