import { describe, expect, it } from "vitest";
import { toGray } from "./to-gray.js";

describe("toGray", () => {
  it("weights red, green and blue by BT.601 luma", () => {
    const rgba = new Uint8Array([255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255, 255, 255, 255, 255]);
    const { pixels } = toGray({ width: 4, height: 1, channels: 4, data: rgba });
    expect(Array.from(pixels)).toEqual([0.299, 0.587, 0.114, 1].map((v) => expect.closeTo(v, 6)));
  });

  it("composites alpha on white: transparent is paper, half-transparent black is mid gray", () => {
    const rgba = new Uint8Array([0, 0, 0, 0, 0, 0, 0, 255, 0, 0, 0, 51]);
    const { pixels } = toGray({ width: 3, height: 1, channels: 4, data: rgba });
    expect(pixels[0]).toBeCloseTo(1, 6);
    expect(pixels[1]).toBeCloseTo(0, 6);
    expect(pixels[2]).toBeCloseTo(0.8, 6);
  });

  it("reads gray, gray + alpha and RGB, 8-bit or float, and a canvas's Uint8ClampedArray", () => {
    expect(Array.from(toGray({ width: 2, height: 1, channels: 1, data: new Uint8Array([0, 51]) }).pixels)).toEqual([0, expect.closeTo(0.2, 6)]);
    expect(Array.from(toGray({ width: 2, height: 1, channels: 2, data: new Uint8Array([0, 255, 0, 0]) }).pixels)).toEqual([0, 1]);
    expect(toGray({ width: 1, height: 1, channels: 3, data: new Uint8Array([0, 255, 0]) }).pixels[0]).toBeCloseTo(0.587, 6);
    expect(toGray({ width: 1, height: 1, channels: 3, data: Float32Array.from([0, 0, 1]) }).pixels[0]).toBeCloseTo(0.114, 6);
    expect(toGray({ width: 1, height: 1, channels: 2, data: Float32Array.from([0, 0.25]) }).pixels[0]).toBeCloseTo(0.75, 6);
    expect(toGray({ width: 1, height: 1, channels: 4, data: new Uint8ClampedArray([255, 255, 255, 255]) }).pixels[0]).toBe(1);
  });

  it("rejects data of the wrong size, a bad channel count and floats outside [0, 1], naming the picture", () => {
    expect(() => toGray({ width: 2, height: 1, channels: 4, data: new Uint8Array(7) }, "a.png")).toThrow("a.png: expected 2x1x4 = 8 values, got 7");
    expect(() => toGray({ width: 1, height: 1, channels: 5 as 4, data: new Uint8Array(5) })).toThrow("image: channels must be 1 (gray), 2 (gray + alpha), 3 (RGB) or 4 (RGBA), got 5");
    expect(() => toGray({ width: 2, height: 1, channels: 1, data: Float32Array.from([0, 255]) }, "f")).toThrow("f: Float32Array pixels must lie in [0, 1], value 1 is 255");
  });
});
