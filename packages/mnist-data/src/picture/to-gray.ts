import type { GrayImage } from "./gray-image.js";
import { checkPixelImage, type PixelImage } from "./pixel-image.js";

/** ITU-R BT.601 luma weights, the usual RGB -> gray conversion (PIL's "L" mode uses them too). */
const LUMA = [0.299, 0.587, 0.114] as const;

/**
 * Any picture -> gray in [0, 1], composited on white: a transparent pixel is paper, so a digit
 * drawn on a transparent canvas reads as ink on white. Colour becomes BT.601 luma.
 */
export function toGray(image: PixelImage, source = "image"): GrayImage {
  checkPixelImage(image, source);
  const { width, height, channels, data } = image;
  const scale = data instanceof Float32Array ? 1 : 255;
  const hasAlpha = channels === 2 || channels === 4;
  const pixels = new Float32Array(width * height);
  for (let i = 0; i < pixels.length; i++) {
    const at = i * channels;
    const luma = channels <= 2 ? data[at]! / scale : (LUMA[0] * data[at]! + LUMA[1] * data[at + 1]! + LUMA[2] * data[at + 2]!) / scale;
    const alpha = hasAlpha ? data[at + channels - 1]! / scale : 1;
    pixels[i] = alpha * luma + (1 - alpha); // over white
  }
  return { width, height, pixels };
}
