import type { PixelImage } from "@llmnist/mnist-data";
import { PNG } from "pngjs";

/** Decodes a PNG of any bit depth and colour type to 8-bit RGBA (`toMnistDigit` composites alpha on white). */
export function decodePng(bytes: Uint8Array, source: string): PixelImage {
  let png: PNG;
  try {
    // pngjs expands palettes, gray and 16-bit to 8-bit RGBA.
    png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch (error) {
    throw new Error(`${source}: not a readable PNG image: ${(error as Error).message}`);
  }
  return { width: png.width, height: png.height, channels: 4, data: new Uint8Array(png.data.buffer, png.data.byteOffset, png.data.byteLength) };
}
