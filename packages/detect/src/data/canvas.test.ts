import { describe, expect, it } from "vitest";
import { iou } from "../boxes/iou.js";
import { makeCanvas, type Canvas } from "./canvas.js";
import { tooClose } from "./free-spot.js";
import { inkBox, type PixelBox } from "./ink-box.js";
import type { CanvasOptions } from "./options.js";
import { blockSplit, createRng } from "./test-split.test-helpers.js";

const split = blockSplit(40);

/** The canvas's pixels inside `[x1, y1, x2, y2]` (clipped to it), as their own image. */
function crop(canvas: Canvas, [x1, y1, x2, y2]: PixelBox): { pixels: Float32Array; width: number; height: number; x: number; y: number } {
  const [cx1, cy1] = [Math.max(0, x1), Math.max(0, y1)];
  const [cx2, cy2] = [Math.min(canvas.width, x2), Math.min(canvas.height, y2)];
  const width = cx2 - cx1;
  const height = cy2 - cy1;
  const pixels = new Float32Array(width * height);
  for (let y = 0; y < height; y++) pixels.set(canvas.pixels.subarray((cy1 + y) * canvas.width + cx1, (cy1 + y) * canvas.width + cx2), y * width);
  return { pixels, width, height, x: cx1, y: cy1 };
}

/** The ink box recomputed from the canvas inside `region`, in canvas coordinates. */
function inkBoxIn(canvas: Canvas, region: PixelBox): PixelBox | null {
  const c = crop(canvas, region);
  const box = inkBox(c.pixels, c.width, c.height, { invert: canvas.polarity === "dark-on-light" });
  return box && [box[0] + c.x, box[1] + c.y, box[2] + c.x, box[3] + c.y];
}

describe("makeCanvas", () => {
  it("an isolated digit's box is the tight box around its ink (>= 25% intensity) on the canvas, both polarities", () => {
    let checked = 0;
    for (const polarity of ["light-on-dark", "dark-on-light"] as const) {
      for (const scale of [0.6, 1, 1.37, 2] as const) {
        for (let seed = 0; seed < 6; seed++) {
          const canvas = makeCanvas(split, { width: 80, height: 64, minDigits: 1, maxDigits: 1, scale: [scale, scale], polarity }, createRng(seed));
          expect(canvas.objects).toHaveLength(1);
          expect(canvas.polarity).toBe(polarity);
          expect(inkBox(canvas.pixels, 80, 64, { invert: polarity === "dark-on-light" })).toEqual(canvas.objects[0]!.box);
          checked++;
        }
      }
    }
    expect(checked).toBe(48);
  });

  it("the block stand-in's box is where its ink is: block plus the rim pixels at 0.75, 0.5 and 0.25", () => {
    // Image 0: block [4, 3, 12, 13) in 28 x 28, rim ramp to 0.25 three pixels out: ink [1, 0, 15, 16).
    const one = { ...split, count: 1, images: split.images.subarray(0, 784), labels: split.labels.subarray(0, 1) };
    const canvas = makeCanvas(one, { width: 28, height: 28, minDigits: 1, maxDigits: 1, scale: [1, 1], polarity: "light-on-dark", gap: 0 }, createRng(3));
    // At scale 1 the whole image is its own ink box plus margins, placed somewhere in 28 x 28.
    const [x1, y1, x2, y2] = canvas.objects[0]!.box;
    expect([x2 - x1, y2 - y1]).toEqual([14, 16]);
    expect(canvas.objects[0]!.digit).toBe(0);
    expect(canvas.objects[0]!.scale).toBe(1);
  });

  it("several digits: boxes inside the canvas, at least `gap` pixels apart (no two intersect), each tight", () => {
    let objects = 0;
    for (let seed = 0; seed < 12; seed++) {
      const options: CanvasOptions = { width: 160, height: 120, minDigits: 3, maxDigits: 8, scale: [0.6, 2], gap: 2, polarity: "mixed" };
      const canvas = makeCanvas(split, options, createRng(seed));
      expect(canvas.objects.length + canvas.unplaced).toBeGreaterThanOrEqual(3);
      expect(canvas.objects.length + canvas.unplaced).toBeLessThanOrEqual(8);
      canvas.objects.forEach((a, i) => {
        const [x1, y1, x2, y2] = a.box;
        expect(x1 >= 0 && y1 >= 0 && x2 <= 160 && y2 <= 120 && x2 > x1 && y2 > y1).toBe(true);
        expect(a.digit).toBe(split.labels[a.sourceIndex]);
        for (const b of canvas.objects.slice(i + 1)) {
          expect(tooClose(a.box, b.box, 2)).toBe(false);
          expect(iou(a.box, b.box)).toBe(0);
        }
        // Within `gap` pixels around a box there is no other digit's ink: the box is tight there.
        expect(inkBoxIn(canvas, [x1 - 2, y1 - 2, x2 + 2, y2 + 2])).toEqual(a.box);
      });
      // And there is no ink outside the boxes.
      const outside = canvas.pixels.filter((p, i) => {
        const [x, y] = [i % 160, Math.floor(i / 160)];
        const inked = (canvas.polarity === "dark-on-light" ? 1 - p : p) >= 0.25;
        return inked && !canvas.objects.some(({ box }) => x >= box[0] && x < box[2] && y >= box[1] && y < box[3]);
      });
      expect(outside.length).toBe(0);
      objects += canvas.objects.length;
    }
    expect(objects).toBeGreaterThan(40);
  });

  it("polarity: light-on-dark has black paper, dark-on-light white paper and the same canvas inverted; mixed gives both", () => {
    const options = { width: 64, height: 48, scale: [0.6, 1.2] as const };
    const light = makeCanvas(split, { ...options, polarity: "light-on-dark" }, createRng(11));
    const dark = makeCanvas(split, { ...options, polarity: "dark-on-light" }, createRng(11));
    expect(dark.objects).toEqual(light.objects);
    expect(light.pixels[0]).toBe(0);
    expect(dark.pixels[0]).toBe(1);
    let worst = 0;
    light.pixels.forEach((p, i) => (worst = Math.max(worst, Math.abs(dark.pixels[i]! - (1 - p)))));
    expect(worst).toBeLessThanOrEqual(2 ** -24);
    expect(Math.max(...light.pixels)).toBe(1); // the blocks' full intensity
    expect(Math.min(...dark.pixels)).toBe(0);

    const seen = { "light-on-dark": 0, "dark-on-light": 0 };
    for (let seed = 0; seed < 40; seed++) {
      const canvas = makeCanvas(split, { width: 16, height: 16, maxDigits: 1, scale: [0.6, 0.6], polarity: "mixed" }, createRng(seed));
      seen[canvas.polarity]++;
      // Most of the canvas is paper: 0 on light-on-dark, 1 on dark-on-light.
      const ones = canvas.pixels.filter((p) => p === 1).length;
      const zeros = canvas.pixels.filter((p) => p === 0).length;
      expect(canvas.polarity === "dark-on-light" ? ones > zeros : zeros > ones).toBe(true);
    }
    expect(seen["light-on-dark"]).toBeGreaterThanOrEqual(10);
    expect(seen["dark-on-light"]).toBeGreaterThanOrEqual(10);
  });

  it("too many digits for the canvas: places what fits and counts the rest as unplaced, without looping forever", () => {
    const canvas = makeCanvas(split, { width: 32, height: 32, minDigits: 50, maxDigits: 50, scale: [1, 1], placementTries: 20 }, createRng(5));
    expect(canvas.objects.length).toBeGreaterThanOrEqual(1);
    expect(canvas.objects.length).toBeLessThanOrEqual(4);
    expect(canvas.objects.length + canvas.unplaced).toBe(50);
    // A digit bigger than the canvas is scaled down to the canvas's shorter side.
    const big = makeCanvas(split, { width: 40, height: 16, maxDigits: 1, scale: [5, 5] }, createRng(1));
    expect(big.objects[0]!.scale).toBe(16 / 28);
  });

  it("a source image without ink is not placed (counted as unplaced)", () => {
    const blank = { name: "blank", count: 1, images: new Float32Array(784).fill(0.2), labels: Uint8Array.of(4) };
    const canvas = makeCanvas(blank, { width: 64, height: 64, minDigits: 2, maxDigits: 2 }, createRng(0));
    expect([canvas.objects.length, canvas.unplaced]).toEqual([0, 2]);
  });

  it("noise: Gaussian, clamped to [0, 1], drawn last (the digits stay where they were)", () => {
    const options = { width: 128, height: 128, scale: [0.6, 1] as const, polarity: "light-on-dark" as const };
    const clean = makeCanvas(split, options, createRng(2));
    const noisy = makeCanvas(split, { ...options, noise: 0.1 }, createRng(2));
    expect(noisy.objects).toEqual(clean.objects);
    expect(Math.min(...noisy.pixels)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...noisy.pixels)).toBeLessThanOrEqual(1);
    // On black paper half the noise is clamped away: E[max(0, 0.1 z)] = 0.1 / sqrt(2 pi) = 0.0399.
    let sum = 0;
    let n = 0;
    clean.pixels.forEach((p, i) => {
      if (p !== 0) return;
      sum += noisy.pixels[i]!;
      n++;
    });
    expect(n).toBeGreaterThan(5000);
    expect(sum / n).toBeGreaterThan(0.036);
    expect(sum / n).toBeLessThan(0.044);
  });

  it("clutter: marks outside every digit's box and its gap; the digits stay the same", () => {
    const options = { width: 160, height: 160, minDigits: 2, maxDigits: 3, scale: [0.8, 1.2] as const, polarity: "light-on-dark" as const, gap: 3 };
    let marks = 0;
    for (let seed = 0; seed < 5; seed++) {
      const clean = makeCanvas(split, options, createRng(seed));
      const cluttered = makeCanvas(split, { ...options, clutter: 4 }, createRng(seed));
      expect(cluttered.objects).toEqual(clean.objects);
      expect(clean.clutter).toBe(0);
      marks += cluttered.clutter;
      let changed = 0;
      clean.pixels.forEach((p, i) => {
        if (cluttered.pixels[i] === p) return;
        changed++;
        const [x, y] = [i % 160, Math.floor(i / 160)];
        for (const { box } of clean.objects) expect(x >= box[0] - 3 && x < box[2] + 3 && y >= box[1] - 3 && y < box[3] + 3).toBe(false);
      });
      if (cluttered.clutter > 0) expect(changed).toBeGreaterThan(0);
    }
    expect(marks).toBeGreaterThanOrEqual(15);
  });

  it("checks its options: errors name the option, what was expected and what came", () => {
    const rng = createRng(0);
    expect(() => makeCanvas(split, { width: 10, height: 64 }, rng)).toThrow("makeCanvas: width: expected an integer in [16, 4096], got 10");
    expect(() => makeCanvas(split, { width: 64, height: 4097 }, rng)).toThrow("makeCanvas: height: expected an integer in [16, 4096], got 4097");
    expect(() => makeCanvas(split, { width: 64.5, height: 64 }, rng)).toThrow("makeCanvas: width: expected an integer in [16, 4096], got 64.5");
    expect(() => makeCanvas(split, { height: 64 } as CanvasOptions, rng)).toThrow("makeCanvas: width: expected an integer in [16, 4096], got nothing");
    expect(() => makeCanvas(split, { width: 64, height: 64, minDigits: 3, maxDigits: 2 }, rng)).toThrow("makeCanvas: maxDigits: expected an integer >= minDigits (3), got 2");
    expect(() => makeCanvas(split, { width: 64, height: 64, scale: [2, 1] }, rng)).toThrow("makeCanvas: scale: expected [min, max] with min <= max, got [2,1]");
    expect(() => makeCanvas(split, { width: 64, height: 64, scale: [0.1, 1] }, rng)).toThrow("makeCanvas: scale: expected [min, max], two finite numbers >= 0.25, got [0.1,1]");
    expect(() => makeCanvas(split, { width: 64, height: 64, polarity: "inverted" as never }, rng)).toThrow(
      'makeCanvas: polarity: expected "light-on-dark" | "dark-on-light" | "mixed", got "inverted"',
    );
    expect(() => makeCanvas(split, { width: 64, height: 64, noise: -0.1 }, rng)).toThrow("makeCanvas: noise: expected a number in [0, 1], got -0.1");
    expect(() => makeCanvas(split, { width: 64, height: 64, clutter: 2.5 }, rng)).toThrow("makeCanvas: clutter: expected an integer in [0, 1000], got 2.5");
    const short = { ...split, images: split.images.subarray(0, 100) };
    expect(() => makeCanvas(short, { width: 64, height: 64 }, rng)).toThrow("makeCanvas: split.images: expected 40 * 784 = 31360 values, got 100");
    const badLabel = { ...split, labels: Uint8Array.from(split.labels, (l, i) => (i === 7 ? 12 : l)) };
    expect(() => makeCanvas(badLabel, { width: 64, height: 64 }, rng)).toThrow("makeCanvas: split.labels[7]: expected a digit 0..9, got 12");
    expect(() => makeCanvas(split, { width: 64, height: 64 }, Math.random as never)).toThrow(/makeCanvas: rng: expected a generator \{ next, nextInt, normal \}/);
  });
});
