import type { Rng } from "@llmnist/random";
import { MNIST_IMAGE_SIZE } from "../split.js";

/**
 * Random stroke width change: a radius drawn uniformly in [-maxThin, maxThicken] (one draw);
 * above 0 the strokes thicken by that many pixels on each side, below 0 they thin.
 */
export interface StrokeOptions {
  /** Largest thickening per side, pixels, in [0, 3]. */
  maxThicken: number;
  /** Largest thinning per side, pixels, in [0, 3]. */
  maxThin: number;
}

/** One draw: the signed radius changeStrokeWidth takes. */
export function sampleStrokeRadius(rng: Rng, o: StrokeOptions): number {
  return -o.maxThin + rng.next() * (o.maxThin + o.maxThicken);
}

/** Offsets within `radius + 1` of a pixel and their weights min(1, radius + 1 - distance) > 0. */
function softDisk(radius: number): Array<[number, number, number]> {
  const out: Array<[number, number, number]> = [];
  const reach = Math.ceil(radius);
  for (let dy = -reach; dy <= reach; dy++) {
    for (let dx = -reach; dx <= reach; dx++) {
      const w = Math.min(1, radius + 1 - Math.hypot(dx, dy));
      if (w > 0) out.push([dx, dy, w]);
    }
  }
  return out;
}

/**
 * Grayscale morphology with a soft disk: for `radius` r > 0 a dilation,
 * dst(p) = max over offsets d of w(d) * src(p + d), for r < 0 the dual erosion,
 * dst(p) = 1 - max w(d) * (1 - src(p + d)), with w(d) = min(1, |r| + 1 - |d|) (0 when
 * negative) and zero ink outside the image. So ink spreads fully over |r| pixels and fades
 * over one more: a 1-px line becomes 3 px wide at r = 1, 5 px at r = 2, and half-strength
 * sides at r = 0.5; r = 0 is the identity. The weights change continuously with r.
 * Erosion narrows strokes wider than 2|r| px; thinner ones mostly fade (normalising the
 * peak afterwards, as augmentImage does, brings them back).
 */
export function changeStrokeWidth(src: ArrayLike<number>, dst: Float32Array, radius: number): void {
  const n = MNIST_IMAGE_SIZE;
  const disk = softDisk(Math.abs(radius));
  const thicken = radius >= 0;
  for (let y = 0; y < n; y++) {
    for (let x = 0; x < n; x++) {
      let best = 0;
      for (const [dx, dy, w] of disk) {
        const xx = x + dx;
        const yy = y + dy;
        const v = xx < 0 || yy < 0 || xx >= n || yy >= n ? 0 : src[yy * n + xx]!;
        best = Math.max(best, w * (thicken ? v : 1 - v));
      }
      dst[y * n + x] = thicken ? best : 1 - best;
    }
  }
}
