// Hand-made 28 x 28 images for the augmentation tests.

/** A ring "0" (radius 7, slightly tall) with 1.5-px soft edges: the pinned distortImage input. */
export function ringImage(): Float32Array {
  const img = new Float32Array(784);
  for (let y = 0; y < 28; y++) {
    for (let x = 0; x < 28; x++) {
      const d = Math.hypot(x - 13.5, (y - 13.5) * 0.8);
      img[y * 28 + x] = Math.max(0, Math.min(1, 1 - Math.abs(d - 7) / 1.5));
    }
  }
  return img;
}

/** A vertical line of `value`, `width` px wide from column `x`, rows 4..23. */
export function verticalBar(x: number, width: number, value = 1): Float32Array {
  const img = new Float32Array(784);
  for (let y = 4; y < 24; y++) for (let c = x; c < x + width; c++) img[y * 28 + c] = value;
  return img;
}

/** Row `y` of an image. */
export const row = (img: Float32Array, y: number): number[] => Array.from(img.subarray(y * 28, (y + 1) * 28));

/** Columns of row `y` whose value is at least `min`. */
export const inkColumns = (img: Float32Array, y: number, min = 0.999): number[] =>
  row(img, y).flatMap((v, x) => (v >= min ? [x] : []));
