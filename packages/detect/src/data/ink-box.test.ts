import { describe, expect, it } from "vitest";
import { inkBox } from "./ink-box.js";
import { scaleDigit } from "./scale-digit.js";

describe("inkBox", () => {
  it("is [x1, y1, x2, y2] with x2, y2 exclusive around pixels >= 0.25", () => {
    // 5 x 4; ink at (1, 1), (3, 2); 0.2499 is not ink, 0.25 is.
    const pixels = [
      0, 0, 0, 0, 0.2499,
      0, 0.25, 0, 0, 0,
      0, 0, 0, 1, 0,
      0.2, 0, 0, 0, 0,
    ];
    expect(inkBox(pixels, 5, 4)).toEqual([1, 1, 4, 3]);
    expect(inkBox(pixels.map((p) => 1 - p), 5, 4, { invert: true })).toEqual([1, 1, 4, 3]);
    expect(inkBox(new Float32Array(20).fill(0.2), 5, 4)).toBeNull();
    expect(inkBox([1], 1, 1)).toEqual([0, 0, 1, 1]);
  });
});

describe("scaleDigit", () => {
  const images = new Float32Array(2 * 784);
  images[784 + 10 * 28 + 6] = 1; // image 1: one lit pixel at (x 6, y 10)

  it("at 28 px is the image itself", () => {
    const src = Float32Array.from({ length: 784 }, (_, i) => ((i * 37) % 101) / 100);
    expect(Array.from(scaleDigit(src, 0, 28))).toEqual(Array.from(src));
  });

  it("at 56 px spreads a pixel bilinearly: weights 0.75 / 0.25 per axis around its centre", () => {
    const out = scaleDigit(images, 1, 56);
    // Target x maps to source (x + 0.5) / 2 - 0.5: x 11 -> 5.25 (0.25 of pixel 6), 12 -> 5.75 (0.75),
    // 13 -> 6.25 (0.75), 14 -> 6.75 (0.25), 15 -> 7.25 (none); rows likewise: y 19 -> 9.25 (0.25 of row 10), 20 -> 9.75 (0.75).
    const at = (x: number, y: number) => out[y * 56 + x]!;
    expect([at(11, 20), at(12, 20), at(13, 20), at(14, 20), at(15, 20)]).toEqual([0.25 * 0.75, 0.75 * 0.75, 0.75 * 0.75, 0.25 * 0.75, 0]);
    expect([at(13, 18), at(13, 19), at(13, 21), at(13, 22), at(13, 23)]).toEqual([0, 0.25 * 0.75, 0.75 * 0.75, 0.25 * 0.75, 0]);
    expect(out.reduce((a, b) => a + b, 0)).toBeCloseTo(4, 6); // 4x the area, same ink per area
  });

  it("at 14 px averages 2 x 2 source pixels (centres fall between them)", () => {
    const out = scaleDigit(images, 1, 14);
    expect(out[5 * 14 + 3]).toBe(0.25); // source (6.5, 10.5): a quarter of pixel (6, 10)
  });
});
