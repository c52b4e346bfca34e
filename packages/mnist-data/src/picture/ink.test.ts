import { describe, expect, it } from "vitest";
import { median, quantile, toInk } from "./ink.js";
import { drawRects } from "./test-helpers.js";

describe("toInk", () => {
  it("inverts dark ink on a light background", () => {
    const image = drawRects(10, 10, [[3, 3, 4, 4]]);
    const { ink, inverted, background } = toInk(image);
    expect(inverted).toBe(true);
    expect(background).toBe(1);
    expect(ink[4 * 10 + 4]).toBe(1); // a stroke pixel
    expect(ink[0]).toBe(0); // paper
  });

  it("keeps MNIST-style light-on-dark pictures as they are", () => {
    const pixels = new Float32Array(100);
    pixels[55] = 1;
    pixels[56] = 0.5;
    const { ink, inverted } = toInk({ width: 10, height: 10, pixels });
    expect(inverted).toBe(false);
    expect(ink[55]).toBe(1);
    expect(ink[56]).toBeCloseTo(0.5, 6);
  });

  it("stretches gray paper to 0 and the darkest stroke to 1", () => {
    const image = drawRects(8, 8, [[2, 2, 3, 3]]);
    const pixels = image.pixels.map((v) => (v === 1 ? 0.8 : 0.3)); // paper 0.8, pencil 0.3
    const { ink } = toInk({ ...image, pixels });
    expect(ink[0]).toBe(0);
    expect(ink[3 * 8 + 3]).toBeCloseTo(1, 6);
  });

  it("zeroes paper grain as strong as the border's, so it cannot stretch the bounding box", () => {
    const image = drawRects(40, 40, [[15, 10, 6, 20]]);
    // Gray paper with a fixed pseudo-random grain of +-0.05 everywhere; the stroke is 0.2.
    const grain = (i: number): number => (((i * 7919) % 101) / 100 - 0.5) * 0.1;
    const pixels = image.pixels.map((v, i) => (v === 1 ? 0.8 : 0.2) + grain(i));
    const { ink, noiseLevel } = toInk({ ...image, pixels });
    expect(noiseLevel).toBeGreaterThan(0);
    const inked = [...ink.keys()].filter((i) => ink[i]! > 0);
    expect(inked.length).toBeGreaterThan(0);
    expect(inked.every((i) => i % 40 >= 15 && i % 40 < 21 && Math.floor(i / 40) >= 10 && Math.floor(i / 40) < 30)).toBe(true);
  });

  it("keeps every faint pixel of a clean image (uniform border: no grain to remove)", () => {
    const pixels = new Float32Array(100);
    pixels[44] = 1;
    pixels[45] = 1 / 255; // MNIST's faintest anti-aliasing
    const { ink, noiseLevel } = toInk({ width: 10, height: 10, pixels });
    expect(noiseLevel).toBe(0);
    expect(ink[45]).toBeCloseTo(1 / 255, 6);
  });

  it("says the image is blank when nothing stands out from the background", () => {
    const pixels = new Float32Array(64).fill(0.9);
    pixels[20] = 0.85; // a faint smudge, below the contrast needed
    expect(() => toInk({ width: 8, height: 8, pixels }, "empty.png")).toThrow(/empty\.png: no digit found: the image is blank/);
  });
});

describe("quantile", () => {
  it("takes the nearest-rank value", () => {
    const values = Float32Array.from([5, 1, 4, 2, 3, 6, 7, 8, 9, 10]);
    expect(quantile(values, 0.95)).toBe(10);
    expect(quantile(values, 0.9)).toBe(9);
    expect(quantile(values, 0.5)).toBe(5);
  });
});

describe("median", () => {
  it("takes the middle value, or the mean of the middle two", () => {
    expect(median(Float32Array.from([3, 1, 2]))).toBe(2);
    expect(median(Float32Array.from([4, 1, 3, 2]))).toBe(2.5);
  });
});
