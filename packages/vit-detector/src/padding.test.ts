import "@tensorflow/tfjs-backend-cpu";
import { describe, expect, it } from "vitest";
import { canvasBatch, padToPatch, roundUpToPatch } from "./padding.js";

const canvas = (width: number, height: number, value: number, polarity?: "light-on-dark" | "dark-on-light") => ({
  width,
  height,
  pixels: new Float32Array(width * height).fill(value),
  polarity,
});

describe("padToPatch", () => {
  it("pads bottom and right with the canvas's background (0 light-on-dark, 1 dark-on-light)", () => {
    const light = padToPatch(canvas(3, 2, 0.5), 4);
    expect([light.width, light.height]).toEqual([4, 4]);
    expect(Array.from(light.pixels)).toEqual([0.5, 0.5, 0.5, 0, 0.5, 0.5, 0.5, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    const dark = padToPatch(canvas(2, 1, 0.25, "dark-on-light"), 2);
    expect(Array.from(dark.pixels)).toEqual([0.25, 0.25, 1, 1]);
    expect(roundUpToPatch(17, 8)).toBe(24);
    expect(() => padToPatch(canvas(3, 2, 0), 4, { width: 2, height: 4 })).toThrow("padToPatch: size 2 x 4 must be multiples of 4 no smaller than the canvas (3 x 2)");
  });
});

describe("canvasBatch", () => {
  it("pads every canvas to the batch's largest size, rounded up to the patch", () => {
    const { images, height, width } = canvasBatch([canvas(20, 16, 1), canvas(16, 24, 1, "dark-on-light")], 8);
    expect([height, width]).toEqual([24, 24]);
    expect(images.shape).toEqual([2, 24, 24, 1]);
    const data = images.dataSync();
    expect(data[0 * 576 + 15 * 24 + 19]).toBe(1); // inside canvas 0
    expect(data[0 * 576 + 15 * 24 + 20]).toBe(0); // right of it
    expect(data[0 * 576 + 16 * 24 + 0]).toBe(0); // below it
    expect(data[576 + 23 * 24 + 23]).toBe(1); // canvas 1's paper
    expect(() => canvasBatch([{ width: 2, height: 2, pixels: new Float32Array(3) }], 8)).toThrow("canvasBatch: canvas 0: pixels must be a Float32Array of width * height = 4 values, got 3");
  });
});
