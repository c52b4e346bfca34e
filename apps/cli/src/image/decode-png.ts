import { PNG } from "pngjs";
import type { GrayImage } from "./gray-image.js";
import { rgbaToGray } from "./to-gray.js";

/** Decodes a PNG of any bit depth and colour type to gray in [0, 1] (alpha composited on white). */
export function decodePng(bytes: Uint8Array, source: string): GrayImage {
  let png: PNG;
  try {
    // pngjs expands palettes, gray and 16-bit to 8-bit RGBA.
    png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch (error) {
    throw new Error(`${source}: not a readable PNG image: ${(error as Error).message}`);
  }
  return rgbaToGray(new Uint8Array(png.data.buffer, png.data.byteOffset, png.data.byteLength), png.width, png.height);
}
