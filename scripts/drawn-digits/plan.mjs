// What each picture of the set will be, drawn from the seed before anything is rendered:
// the render spec page-render.mjs draws and the meta.json record. Picture k of a part is
// seeded by deriveSeed(seed, part, k), so the same seed gives the same set, and a bigger
// count keeps the first pictures of each part.
import { cssFont, FACES, faceName } from "./fonts.mjs";
import { jitter, perturbStrokes } from "./perturb.mjs";
import { rngFor } from "./rng.mjs";
import { SKELETONS } from "./skeletons.mjs";

export const PARTS = { font: 1, strokes: 2 };
const FONT_PX = 160; // on the 320 px scratch canvas; scaled down to the picture afterwards
const STROKE_BOX = 180; // the skeletons' unit box on the scratch canvas

/** How a picture sits on its paper; the same for both parts. */
function placement(rng) {
  const lightOnDark = rng.chance(0.2);
  const paper = lightOnDark ? rng.nextInt(61) : 185 + rng.nextInt(71); // 0..60 or 185..255
  const ink = lightOnDark ? 170 + rng.nextInt(86) : rng.nextInt(91); // 170..255 or 0..90
  return {
    rotationDeg: rng.uniform(-15, 15),
    size: rng.uniform(0.4, 0.9), // the ink's longer side over the picture's side
    x: rng.next(), // where in the room left around the ink: 0 left, 1 right
    y: rng.next(),
    polarity: lightOnDark ? "light-on-dark" : "dark-on-light",
    paper,
    ink,
    blur: rng.uniform(0, 1.2), // Gaussian blur sigma in picture pixels
    // Gaussian noise sigma in gray levels, added in Node; on a fifth of the pictures, as
    // noise is what costs bytes in the committed files (3.3 KB a noisy picture, 0.65 KB a clean one).
    noise: rng.chance(0.2) ? rng.uniform(2, 8) : 0,
  };
}

const r3 = (v) => Math.round(v * 1000) / 1000;
const r2 = (v) => Math.round(v * 100) / 100;

/** Spec and meta of picture k of the font part: digit k % 10, face floor(k / 10) % FACES.length. */
export function planFontPicture(seed, k) {
  const rng = rngFor(seed, PARTS.font, k);
  const label = k % 10;
  const face = FACES[Math.floor(k / 10) % FACES.length];
  const place = placement(rng);
  const stroke = rng.chance(0.5) ? rng.uniform(0.01, 0.07) : 0; // outline thickening, in font sizes
  return {
    label,
    spec: { kind: "font", text: String(label), font: cssFont(face, FONT_PX), stroke: stroke * FONT_PX, ...common(place) },
    meta: { label, part: "font", font: face.family, face: faceName(face), stroke: r3(stroke), ...metaOf(place) },
    noise: place.noise,
  };
}

/** Spec and meta of picture k of the strokes part: digit k % 10, its skeletons in turn. */
export function planStrokesPicture(seed, k) {
  const rng = rngFor(seed, PARTS.strokes, k);
  const label = k % 10;
  const skeletons = SKELETONS[label];
  const skeleton = skeletons[Math.floor(k / 10) % skeletons.length];
  const place = placement(rng);
  const { polylines, slant, stretch } = perturbStrokes(skeleton.strokes(jitter(rng)), rng);
  const width = Math.exp(rng.uniform(Math.log(0.035), Math.log(0.14))); // pen width over the unit box
  return {
    label,
    spec: { kind: "strokes", polylines, width, box: STROKE_BOX, ...common(place) },
    meta: { label, part: "strokes", skeleton: skeleton.name, stroke: r3(width), slant: r2(slant), stretch: r2(stretch), ...metaOf(place) },
    noise: place.noise,
  };
}

const common = (p) => ({ rotation: (p.rotationDeg * Math.PI) / 180, size: p.size, x: p.x, y: p.y, paper: p.paper, ink: p.ink, blur: p.blur });

const metaOf = (p) => ({
  size: r2(p.size),
  rotation: r2(p.rotationDeg),
  polarity: p.polarity,
  x: r2(p.x),
  y: r2(p.y),
  paper: p.paper,
  ink: p.ink,
  blur: r2(p.blur),
  noise: r2(p.noise),
});

/** The set's order: a seeded shuffle of both parts, so any prefix holds both. */
export function shuffledOrder(seed, count) {
  const rng = rngFor(seed, 3);
  const order = Array.from({ length: count }, (_, i) => i);
  for (let i = count - 1; i > 0; i--) {
    const j = rng.nextInt(i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}
