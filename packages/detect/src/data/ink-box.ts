/** A pixel is ink when its intensity is at least this fraction of full intensity (1). */
export const INK_THRESHOLD = 0.25;

/** `[x1, y1, x2, y2]` in pixels, x2 and y2 exclusive: the box covers columns x1..x2-1 and rows y1..y2-1. */
export type PixelBox = [number, number, number, number];

/**
 * The tight box around the pixels of a row-major `width x height` gray image whose intensity is
 * >= INK_THRESHOLD, or null when there is none. Intensity is the value itself (light ink on
 * dark); for dark ink on light paper pass `{ invert: true }` (intensity 1 - value).
 */
export function inkBox(pixels: ArrayLike<number>, width: number, height: number, options: { invert?: boolean } = {}): PixelBox | null {
  const invert = options.invert === true;
  let x1 = width;
  let y1 = height;
  let x2 = 0;
  let y2 = 0;
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) {
      const v = pixels[row + x]!;
      if ((invert ? 1 - v : v) < INK_THRESHOLD) continue;
      if (x < x1) x1 = x;
      if (x >= x2) x2 = x + 1;
      if (y < y1) y1 = y;
      y2 = y + 1;
    }
  }
  return x2 > x1 ? [x1, y1, x2, y2] : null;
}
