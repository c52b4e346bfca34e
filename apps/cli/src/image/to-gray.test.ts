import { describe, expect, it } from "vitest";
import { rgbaToGray } from "./to-gray.js";

describe("rgbaToGray", () => {
  it("weights red, green and blue by BT.601 luma", () => {
    const rgba = new Uint8Array([255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255, 255, 255, 255, 255]);
    const { pixels } = rgbaToGray(rgba, 4, 1);
    expect(Array.from(pixels)).toEqual([0.299, 0.587, 0.114, 1].map((v) => expect.closeTo(v, 6)));
  });

  it("composites alpha on white: transparent is paper, half-transparent black is mid gray", () => {
    const rgba = new Uint8Array([0, 0, 0, 0, 0, 0, 0, 255, 0, 0, 0, 51]);
    const { pixels } = rgbaToGray(rgba, 3, 1);
    expect(pixels[0]).toBeCloseTo(1, 6);
    expect(pixels[1]).toBeCloseTo(0, 6);
    expect(pixels[2]).toBeCloseTo(0.8, 6);
  });

  it("rejects a buffer of the wrong size, naming both sizes", () => {
    expect(() => rgbaToGray(new Uint8Array(7), 2, 1)).toThrow(/expected 2x1x4 = 8 bytes, got 7/);
  });
});
