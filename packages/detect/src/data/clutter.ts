import type { CanvasRng } from "./random.js";

/** One distractor drawn into its own square patch: ink intensities in [0, 1], row-major. */
export interface ClutterPatch {
  size: number;
  pixels: Float32Array;
}

const uniform = (rng: CanvasRng, lo: number, hi: number): number => lo + (hi - lo) * rng.next();

/**
 * A stroke (a quadratic Bézier curve, 1-px antialiased edge) or a blob (a rotated ellipse), at
 * intensity 0.3..1, in a `size x size` patch: marks that are not digits, for a detector to ignore.
 */
export function drawClutter(rng: CanvasRng, size: number): ClutterPatch {
  const pixels = new Float32Array(size * size); // [size, size]
  const intensity = uniform(rng, 0.3, 1);
  if (rng.next() < 0.5) drawStroke(rng, size, intensity, pixels);
  else drawBlob(rng, size, intensity, pixels);
  return { size, pixels };
}

function drawStroke(rng: CanvasRng, size: number, intensity: number, out: Float32Array): void {
  const point = (): [number, number] => [uniform(rng, 0, size), uniform(rng, 0, size)];
  const [p0, p1, p2] = [point(), point(), point()];
  const half = Math.max(0.5, size * uniform(rng, 0.03, 0.07));
  // The curve as 16 segments; a pixel's ink falls off over 1 px beyond half the thickness.
  const SEGMENTS = 16;
  const pts: Array<[number, number]> = [];
  for (let k = 0; k <= SEGMENTS; k++) {
    const t = k / SEGMENTS;
    const a = (1 - t) * (1 - t);
    const b = 2 * t * (1 - t);
    const c = t * t;
    pts.push([a * p0[0] + b * p1[0] + c * p2[0], a * p0[1] + b * p1[1] + c * p2[1]]);
  }
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const d = distanceToPolyline(x + 0.5, y + 0.5, pts);
      out[y * size + x] = intensity * Math.min(1, Math.max(0, half + 0.5 - d));
    }
  }
}

function distanceToPolyline(px: number, py: number, pts: ReadonlyArray<[number, number]>): number {
  let best = Infinity;
  for (let k = 0; k + 1 < pts.length; k++) {
    const [ax, ay] = pts[k]!;
    const [bx, by] = pts[k + 1]!;
    const dx = bx - ax;
    const dy = by - ay;
    const len2 = dx * dx + dy * dy;
    const t = len2 > 0 ? Math.min(1, Math.max(0, ((px - ax) * dx + (py - ay) * dy) / len2)) : 0;
    const ex = ax + t * dx - px;
    const ey = ay + t * dy - py;
    best = Math.min(best, ex * ex + ey * ey);
  }
  return Math.sqrt(best);
}

function drawBlob(rng: CanvasRng, size: number, intensity: number, out: Float32Array): void {
  const rx = (size / 2) * uniform(rng, 0.3, 1);
  const ry = (size / 2) * uniform(rng, 0.3, 1);
  const angle = uniform(rng, 0, Math.PI);
  const [cos, sin] = [Math.cos(angle), Math.sin(angle)];
  const c = size / 2;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const dx = x + 0.5 - c;
      const dy = y + 0.5 - c;
      const u = (dx * cos + dy * sin) / rx;
      const v = (-dx * sin + dy * cos) / ry;
      // 1 - r is the distance to the rim in radii; times the smaller radius, about in pixels.
      const r = Math.sqrt(u * u + v * v);
      out[y * size + x] = intensity * Math.min(1, Math.max(0, (1 - r) * Math.min(rx, ry) + 0.5));
    }
  }
}
