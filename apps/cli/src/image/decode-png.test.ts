import { toGray } from "@llmnist/mnist-data";
import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import { decodePng } from "./decode-png.js";

function encodeRgba(width: number, height: number, rgba: number[]): Uint8Array {
  const png = new PNG({ width, height });
  png.data.set(rgba);
  return PNG.sync.write(png);
}

describe("decodePng", () => {
  it("decodes colour with alpha to gray composited on white", () => {
    const bytes = encodeRgba(3, 1, [255, 0, 0, 255, 9, 9, 9, 0, 0, 0, 0, 255]);
    const decoded = decodePng(bytes, "x.png");
    expect([decoded.channels, Array.from(decoded.data.subarray(0, 8))]).toEqual([4, [255, 0, 0, 255, 9, 9, 9, 0]]);
    const { width, height, pixels } = toGray(decoded);
    expect([width, height]).toEqual([3, 1]);
    expect(pixels[0]).toBeCloseTo(0.299, 5); // red
    expect(pixels[1]).toBeCloseTo(1, 5); // transparent -> white paper
    expect(pixels[2]).toBeCloseTo(0, 5); // black
  });

  it("decodes 8-bit grayscale files (no alpha channel in the file)", () => {
    const png = new PNG({ width: 2, height: 1 });
    png.data.set([0, 0, 0, 255, 128, 128, 128, 255]);
    const bytes = PNG.sync.write(png, { colorType: 0 });
    expect(bytes[25]).toBe(0); // IHDR colour type: grayscale
    const { pixels } = toGray(decodePng(bytes, "g.png"));
    expect(pixels[0]).toBeCloseTo(0, 5);
    expect(pixels[1]).toBeCloseTo(128 / 255, 5);
  });

  it("names the file when the bytes are not a PNG", () => {
    expect(() => decodePng(new TextEncoder().encode("hello"), "notes.txt")).toThrow(/notes\.txt: not a readable PNG image/);
  });
});
