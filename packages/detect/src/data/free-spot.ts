import type { PixelBox } from "./ink-box.js";
import type { CanvasRng } from "./random.js";

/** Whether `a` and `b` come closer than `gap` pixels (gap 0: they share no pixel). */
export function tooClose(a: PixelBox, b: PixelBox, gap: number): boolean {
  return a[0] < b[2] + gap && b[0] < a[2] + gap && a[1] < b[3] + gap && b[1] < a[3] + gap;
}

/**
 * A random place for a `w x h` box inside `width x height` that keeps `gap` pixels from every box
 * of `taken`: up to `tries` uniform positions, then null (the caller leaves the object out
 * rather than search forever). Draws exactly 2 numbers per try.
 */
export function findFreeSpot(rng: CanvasRng, w: number, h: number, width: number, height: number, taken: readonly PixelBox[], gap: number, tries: number): PixelBox | null {
  if (w > width || h > height) return null;
  for (let t = 0; t < tries; t++) {
    const x1 = rng.nextInt(width - w + 1);
    const y1 = rng.nextInt(height - h + 1);
    const box: PixelBox = [x1, y1, x1 + w, y1 + h];
    if (!taken.some((other) => tooClose(box, other, gap))) return box;
  }
  return null;
}
