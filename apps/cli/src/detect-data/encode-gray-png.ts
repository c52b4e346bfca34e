import { PNG } from "pngjs";

/**
 * Gray pixels in [0, 1] (row-major `[height, width]`) as an 8-bit grayscale PNG; each value is
 * stored as round(p * 255), so decoding gives the pixels back within 0.5 / 255.
 */
export function encodeGrayPng(pixels: Float32Array, width: number, height: number): Uint8Array {
  if (pixels.length !== width * height) throw new Error(`encodeGrayPng: ${pixels.length} pixels for ${width} x ${height}`);
  const gray = Buffer.alloc(width * height);
  for (let i = 0; i < gray.length; i++) gray[i] = Math.round(Math.min(1, Math.max(0, pixels[i]!)) * 255);
  // Gray in, gray out: pngjs packs the buffer as is (no RGBA copy of the image).
  const image = { width, height, data: gray } as unknown as PNG;
  return PNG.sync.write(image, { colorType: 0, inputColorType: 0, inputHasAlpha: false, deflateLevel: 6 });
}
