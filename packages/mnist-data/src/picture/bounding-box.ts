/** A pixel rectangle: columns [left, right), rows [top, bottom). */
export interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** The smallest box holding every pixel above 0, or null when there is none. */
export function inkBoundingBox(ink: Float32Array, width: number, height: number): Box | null {
  let left = width;
  let top = height;
  let right = 0;
  let bottom = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (ink[y * width + x]! > 0) {
        left = Math.min(left, x);
        right = Math.max(right, x + 1);
        top = Math.min(top, y);
        bottom = Math.max(bottom, y + 1);
      }
    }
  }
  return right === 0 ? null : { left, top, right, bottom };
}

/** The pixels inside `box`, as a new row-major array of (right-left) x (bottom-top). */
export function crop(ink: Float32Array, width: number, box: Box): Float32Array {
  const w = box.right - box.left;
  const out = new Float32Array(w * (box.bottom - box.top));
  for (let y = box.top; y < box.bottom; y++) {
    out.set(ink.subarray(y * width + box.left, y * width + box.right), (y - box.top) * w);
  }
  return out;
}
