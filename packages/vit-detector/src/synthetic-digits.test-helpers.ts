import type { DigitSplit } from "@llmnist/detect";

// Seven-segment digits, 28 x 28, light on black: stand-ins for MNIST that tests can tell apart
// without the MNIST files. Segments a (top), b (top right), c (bottom right), d (bottom),
// e (bottom left), f (top left), g (middle).
const SEGMENTS = ["abcdef", "bc", "abdeg", "abcdg", "bcfg", "acdfg", "acdefg", "abc", "abcdefg", "abcdfg"];
const [LEFT, RIGHT, TOP, MIDDLE, BOTTOM, STROKE] = [8, 20, 4, 14, 24, 3];

/** [x1, y1, x2, y2) of each segment. */
const RECTS: Record<string, [number, number, number, number]> = {
  a: [LEFT, TOP, RIGHT, TOP + STROKE],
  b: [RIGHT - STROKE, TOP, RIGHT, MIDDLE + 1],
  c: [RIGHT - STROKE, MIDDLE - 1, RIGHT, BOTTOM],
  d: [LEFT, BOTTOM - STROKE, RIGHT, BOTTOM],
  e: [LEFT, MIDDLE - 1, LEFT + STROKE, BOTTOM],
  f: [LEFT, TOP, LEFT + STROKE, MIDDLE + 1],
  g: [LEFT, MIDDLE - 1, RIGHT, MIDDLE + 2],
};

/** One seven-segment image per digit 0..9, `copies` times: count = 10 * copies, label = index % 10. */
export function sevenSegmentSplit(copies = 1): DigitSplit {
  const count = 10 * copies;
  const images = new Float32Array(count * 784); // [count, 28, 28]
  for (let i = 0; i < count; i++) {
    for (const segment of SEGMENTS[i % 10]!) {
      const [x1, y1, x2, y2] = RECTS[segment]!;
      for (let y = y1; y < y2; y++) for (let x = x1; x < x2; x++) images[i * 784 + y * 28 + x] = 1;
    }
  }
  return { name: "seven-segment", count, images, labels: Uint8Array.from({ length: count }, (_, i) => i % 10) };
}
