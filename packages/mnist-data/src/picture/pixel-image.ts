/**
 * A picture as raw pixels, row-major with interleaved channels (`data[(y * width + x) * channels + c]`):
 * 1 gray, 2 gray + alpha, 3 RGB, 4 RGBA (a canvas's `ImageData` is 4 channels of
 * Uint8ClampedArray). 8-bit data runs 0..255; Float32Array data runs 0..1.
 */
export interface PixelImage {
  width: number;
  height: number;
  channels: 1 | 2 | 3 | 4;
  data: Uint8Array | Uint8ClampedArray | Float32Array;
}

/** Checks size, channel count, data length and (for floats) the 0..1 range; `source` names the picture. */
export function checkPixelImage(image: PixelImage, source: string): void {
  const { width, height, channels, data } = image;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new Error(`${source}: image size must be positive integers, got ${width}x${height}`);
  }
  if (channels !== 1 && channels !== 2 && channels !== 3 && channels !== 4) {
    throw new Error(`${source}: channels must be 1 (gray), 2 (gray + alpha), 3 (RGB) or 4 (RGBA), got ${String(channels)}`);
  }
  if (!(data instanceof Uint8Array || data instanceof Uint8ClampedArray || data instanceof Float32Array)) {
    throw new Error(`${source}: data must be a Uint8Array, Uint8ClampedArray or Float32Array`);
  }
  const expected = width * height * channels;
  if (data.length !== expected) {
    throw new Error(`${source}: expected ${width}x${height}x${channels} = ${expected} values, got ${data.length}`);
  }
  if (data instanceof Float32Array) {
    const bad = data.findIndex((v) => !(v >= 0 && v <= 1));
    if (bad >= 0) throw new Error(`${source}: Float32Array pixels must lie in [0, 1], value ${bad} is ${data[bad]}`);
  }
}
