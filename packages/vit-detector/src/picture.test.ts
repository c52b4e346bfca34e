import { describe, expect, it } from "vitest";
import { pictureCanvas } from "./picture.js";

const filled = (width: number, height: number, value: number): Float32Array => new Float32Array(width * height).fill(value);

describe("pictureCanvas", () => {
  it("reads the polarity from the border: white paper is dark-on-light, black is light-on-dark", () => {
    const paper = filled(20, 16, 1);
    paper.fill(0, 5 * 20, 9 * 20); // a black bar through the middle does not change the paper
    expect(pictureCanvas({ width: 20, height: 16, pixels: paper }).polarity).toBe("dark-on-light");
    const night = filled(20, 16, 0.1);
    expect(pictureCanvas({ width: 20, height: 16, pixels: night }).polarity).toBe("light-on-dark");
    expect(pictureCanvas({ width: 20, height: 16, pixels: night }).pixels).toBe(night);
  });

  it("refuses sizes outside [16, 4096] and pixels that do not fit, naming the source", () => {
    expect(() => pictureCanvas({ width: 8, height: 16, pixels: filled(8, 16, 0) }, "a.png")).toThrow("a.png: width must be an integer in [16, 4096] pixels, got 8");
    expect(() => pictureCanvas({ width: 16, height: 5000, pixels: new Float32Array(0) }, "b.png")).toThrow("b.png: height must be an integer in [16, 4096] pixels, got 5000");
    expect(() => pictureCanvas({ width: 16, height: 16, pixels: filled(16, 15, 0) }, "c.png")).toThrow("c.png: pixels must be a Float32Array of width * height = 256 values, got 240");
  });
});
