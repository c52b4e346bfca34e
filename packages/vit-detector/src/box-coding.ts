import type { GridLayout } from "./layout.js";

/**
 * A box relative to its cell (row r, column c), as the head predicts it:
 *   dx = cx / p - (c + 1/2),  dy = cy / p - (r + 1/2)   (centre offset from the cell centre, in cells)
 *   tw = ln(w / s),           th = ln(h / s)            (size in log units of boxScale s)
 * Boxes are `[x1, y1, x2, y2]` with x2, y2 exclusive, so w = x2 - x1 and cx = (x1 + x2) / 2.
 */
export function encodeBox(box: readonly number[], row: number, col: number, layout: GridLayout): [number, number, number, number] {
  const [x1, y1, x2, y2] = box as [number, number, number, number];
  const p = layout.patchSize;
  const s = layout.boxScale;
  return [(x1 + x2) / 2 / p - (col + 0.5), (y1 + y2) / 2 / p - (row + 0.5), Math.log((x2 - x1) / s), Math.log((y2 - y1) / s)];
}

/** Log sizes beyond this are clamped when decoding: e^8 * boxScale is far past any image. */
const MAX_LOG_SIZE = 8;

/** The inverse of encodeBox: `[x1, y1, x2, y2]` in pixels (not clipped). */
export function decodeBox(dx: number, dy: number, tw: number, th: number, row: number, col: number, layout: GridLayout): [number, number, number, number] {
  const p = layout.patchSize;
  const s = layout.boxScale;
  const cx = (col + 0.5 + dx) * p;
  const cy = (row + 0.5 + dy) * p;
  const w = s * Math.exp(Math.min(tw, MAX_LOG_SIZE));
  const h = s * Math.exp(Math.min(th, MAX_LOG_SIZE));
  return [cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2];
}
