/** A grayscale picture: row-major, `pixels[y * width + x]` in [0, 1] (0 black, 1 white). */
export interface GrayImage {
  width: number;
  height: number;
  pixels: Float32Array;
}

/** Checks that `pixels` has width * height values; `source` names the image in the error. */
export function checkGrayImage(image: GrayImage, source: string): void {
  const { width, height, pixels } = image;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new Error(`${source}: image size must be positive integers, got ${width}x${height}`);
  }
  if (pixels.length !== width * height) {
    throw new Error(`${source}: expected ${width}x${height} = ${width * height} pixels, got ${pixels.length}`);
  }
}
