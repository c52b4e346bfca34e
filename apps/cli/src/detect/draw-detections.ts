import { PNG } from "pngjs";

/** What is drawn: a box in input pixels, its digit and score. */
export interface DrawnDetection {
  box: readonly [number, number, number, number] | readonly number[];
  digit: number;
  score: number;
}

/** 8-bit RGBA pixels, row-major (pngjs's layout). */
export interface RgbaImage {
  width: number;
  height: number;
  data: ArrayLike<number>;
}

/** One colour per digit (Tableau 10), so the same digit has the same colour in every picture. */
const DIGIT_COLOURS: ReadonlyArray<readonly [number, number, number]> = [
  [31, 119, 180], [255, 127, 14], [44, 160, 44], [214, 39, 40], [148, 103, 189],
  [140, 86, 75], [227, 119, 194], [127, 127, 127], [188, 189, 34], [23, 190, 207],
];

/** A 3 x 5 bitmap font: the digits and the decimal point, rows top to bottom, 3 bits each. */
const GLYPHS: Record<string, readonly number[]> = {
  "0": [7, 5, 5, 5, 7], "1": [2, 6, 2, 2, 7], "2": [7, 1, 7, 4, 7], "3": [7, 1, 7, 1, 7], "4": [5, 5, 7, 1, 1],
  "5": [7, 4, 7, 1, 7], "6": [7, 4, 7, 5, 7], "7": [7, 1, 1, 1, 1], "8": [7, 5, 7, 5, 7], "9": [7, 5, 7, 1, 7],
  ".": [0, 0, 0, 0, 2],
};

/**
 * The picture (alpha composited on white) with each detection as a box in its digit's colour
 * and a label "digit .score" above it (inside the box when there is no room), as a PNG.
 * Lines and letters grow with the picture so they stay readable on large ones.
 */
export function drawDetections(image: RgbaImage, detections: readonly DrawnDetection[]): Uint8Array {
  const { width, height } = image;
  const out = new PNG({ width, height });
  for (let i = 0; i < width * height; i++) {
    const a = image.data[i * 4 + 3]! / 255;
    for (let c = 0; c < 3; c++) out.data[i * 4 + c] = Math.round(a * image.data[i * 4 + c]! + (1 - a) * 255);
    out.data[i * 4 + 3] = 255;
  }
  const unit = Math.max(1, Math.round(Math.min(width, height) / 200));
  const fill = (x1: number, y1: number, x2: number, y2: number, rgb: readonly number[]): void => {
    for (let y = Math.max(0, y1); y < Math.min(height, y2); y++) {
      for (let x = Math.max(0, x1); x < Math.min(width, x2); x++) out.data.set(rgb, (y * width + x) * 4);
    }
  };
  for (const d of detections) {
    const colour = DIGIT_COLOURS[((d.digit % 10) + 10) % 10]!;
    const [x1, y1, x2, y2] = d.box.map(Math.round) as [number, number, number, number];
    fill(x1, y1, x2, y1 + unit, colour);
    fill(x1, y2 - unit, x2, y2, colour);
    fill(x1, y1, x1 + unit, y2, colour);
    fill(x2 - unit, y1, x2, y2, colour);
    const label = `${d.digit} ${d.score.toFixed(2).replace(/^0/, "")}`;
    const [charW, charH] = [4 * unit, 6 * unit];
    const labelW = label.length * charW + unit;
    const labelH = charH + unit;
    const top = y1 - labelH >= 0 ? y1 - labelH : y1;
    fill(x1, top, x1 + labelW, top + labelH, colour);
    [...label].forEach((ch, k) => {
      const rows = GLYPHS[ch];
      if (!rows) return;
      rows.forEach((bits, r) => {
        for (let c = 0; c < 3; c++) {
          if (bits & (4 >> c)) fill(x1 + unit + k * charW + c * unit, top + unit + r * unit, x1 + unit + k * charW + (c + 1) * unit, top + unit + (r + 1) * unit, [255, 255, 255]);
        }
      });
    });
  }
  return PNG.sync.write(out);
}
