/** How a detector's outputs map to an image: the patch grid and the box coding's scale. */
export interface GridLayout {
  /** Cells down (image height / patchSize). */
  rows: number;
  /** Cells across (image width / patchSize). */
  cols: number;
  /** Cell side in pixels. */
  patchSize: number;
  /** Box size unit in pixels (sizes are predicted as ln(w / boxScale)). */
  boxScale: number;
  /** Class logits per cell (10 digits). */
  numClasses: number;
}

/** The grid over an image of `height` x `width` pixels, both multiples of the patch size. */
export function gridLayout(height: number, width: number, c: { patchSize: number; boxScale: number; numClasses: number }): GridLayout {
  for (const [name, side] of [["height", height], ["width", width]] as const) {
    if (!Number.isInteger(side) || side <= 0 || side % c.patchSize !== 0) {
      throw new Error(`VitDetector: image ${name} ${side} must be a positive multiple of the patch size ${c.patchSize} (pad with padToPatch)`);
    }
  }
  return { rows: height / c.patchSize, cols: width / c.patchSize, patchSize: c.patchSize, boxScale: c.boxScale, numClasses: c.numClasses };
}
