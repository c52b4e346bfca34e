// One random variant of a skeleton, as a hand would draw it: its points, lengths and angles
// jittered, then the whole digit slanted, narrowed or widened, and bent by a smooth warp.

/** A jitter for SKELETONS drawing from `rng` (see skeletons.mjs). */
export function jitter(rng, { point = 0.025, scale = 0.08, angle = 8 } = {}) {
  return {
    p: (x, y) => [x + point * rng.normal(), y + point * rng.normal()],
    s: (v) => v * (1 + scale * rng.normal()),
    a: (deg) => deg + angle * rng.normal(),
  };
}

/**
 * Skeleton strokes -> flat polylines [x0, y0, x1, y1, ...] with a slant (x moves by
 * slant * height above the middle), a horizontal stretch and a smooth sine warp.
 * Returns the polylines and the numbers drawn, for meta.json.
 */
export function perturbStrokes(strokes, rng) {
  const slant = rng.uniform(-0.3, 0.3);
  const stretch = rng.uniform(0.75, 1.3);
  const amp = rng.uniform(0, 0.03);
  const freq = rng.uniform(0.5, 1.5);
  const [phaseX, phaseY] = [rng.next(), rng.next()];
  const polylines = strokes.map((points) =>
    points.flatMap(([x, y]) => {
      const wx = x + amp * Math.sin(2 * Math.PI * (freq * y + phaseX));
      const wy = y + amp * Math.sin(2 * Math.PI * (freq * x + phaseY));
      return [round4(0.5 + (wx - 0.5) * stretch + slant * (0.5 - wy)), round4(wy)];
    }),
  );
  return { polylines, slant, stretch };
}

const round4 = (v) => Math.round(v * 1e4) / 1e4;
