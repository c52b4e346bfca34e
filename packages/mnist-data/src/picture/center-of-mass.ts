/** Intensity-weighted mean position in pixel-index coordinates (x = column, y = row). */
export function centerOfMass(ink: Float32Array, width: number, height: number): { x: number; y: number } {
  let mass = 0;
  let sx = 0;
  let sy = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const v = ink[y * width + x]!;
      mass += v;
      sx += v * x;
      sy += v * y;
    }
  }
  if (mass <= 0) throw new Error("centerOfMass: the image has no ink");
  return { x: sx / mass, y: sy / mass };
}

/**
 * Pastes a patch into a blank size x size field, shifted by whole pixels so its centre of
 * mass lands as close as possible to (target, target), as MNIST was made; the patch stays
 * inside the field. MNIST's digits have their centre of mass at index (14, 14) on average.
 */
export function placeByCenterOfMass(
  patch: Float32Array,
  width: number,
  height: number,
  size = 28,
  target = 14,
): { pixels: Float32Array; left: number; top: number } {
  if (width > size || height > size) throw new Error(`placeByCenterOfMass: a ${width}x${height} patch does not fit ${size}x${size}`);
  const com = centerOfMass(patch, width, height);
  const clamp = (v: number, max: number): number => Math.min(max, Math.max(0, v));
  const left = clamp(Math.round(target - com.x), size - width);
  const top = clamp(Math.round(target - com.y), size - height);
  const pixels = new Float32Array(size * size);
  for (let y = 0; y < height; y++) pixels.set(patch.subarray(y * width, (y + 1) * width), (top + y) * size + left);
  return { pixels, left, top };
}
