import type { Locator, Page } from "playwright-core";

/** A stroke as points in fractions of the pad's width and height. */
export type Stroke = Array<[number, number]>;

/** A 7: a bar along the top, then a diagonal down to the lower left. */
export const SEVEN: Stroke[] = [
  [[0.25, 0.2], [0.75, 0.2]],
  [[0.75, 0.2], [0.42, 0.82]],
];
/** A 1: one vertical line. */
export const ONE: Stroke[] = [[[0.5, 0.16], [0.5, 0.84]]];
/** A bar across the middle (to undo). */
export const BAR: Stroke[] = [[[0.3, 0.5], [0.7, 0.5]]];

/** `strokes` shrunk to a square box of half the pad's height at (`left`, `top`) (fractions of the pad). */
export function placed(strokes: Stroke[], left: number, top: number, aspect = 2): Stroke[] {
  return strokes.map((stroke) => stroke.map(([x, y]): [number, number] => [left + (x * 0.5) / aspect, top + y * 0.5]));
}

/** Draws `strokes` on `pad` with the mouse (pointer events), in several moves each. */
export async function drawStrokes(page: Page, pad: Locator, strokes: Stroke[]): Promise<void> {
  const box = await pad.boundingBox();
  if (!box) throw new Error("drawStrokes: the pad is not visible");
  const at = ([fx, fy]: [number, number]): [number, number] => [box.x + fx * box.width, box.y + fy * box.height];
  for (const [first, ...rest] of strokes) {
    await page.mouse.move(...at(first!));
    await page.mouse.down();
    for (const point of rest) await page.mouse.move(...at(point), { steps: 12 });
    await page.mouse.up();
  }
}
