import { describe, expect, it } from "vitest";
import { loadMnistSplit } from "../load.js";
import { MNIST_PIXELS } from "../split.js";
import { centerOfMass } from "./center-of-mass.js";
import { asPixels, drawRects, inkExtent } from "./test-helpers.js";
import { toMnistDigit, toMnistImage } from "./to-mnist.js";

describe("toMnistDigit", () => {
  // A "1"-like bar with a foot, drawn dark on white, far off-centre on a wide canvas.
  const drawn = asPixels(drawRects(200, 120, [
    [20, 10, 12, 80], // stem: 12 x 80
    [10, 78, 32, 12], // foot: 32 x 12
  ]));

  it("inverts, scales the longer side to 20 px keeping the aspect ratio, and centres by mass", () => {
    const digit = toMnistDigit(drawn);
    expect(digit.inverted).toBe(true);
    expect(digit.inkBox).toEqual({ left: 10, top: 10, right: 42, bottom: 90 });
    expect([digit.scaledWidth, digit.scaledHeight]).toEqual([8, 20]); // 32 x 80 -> 8 x 20
    expect(inkExtent(digit.pixels)).toEqual({ width: 8, height: 20 });
    const com = centerOfMass(digit.pixels, 28, 28);
    expect(Math.abs(com.x - 14)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(com.y - 14)).toBeLessThanOrEqual(0.5);
    expect(Math.max(...digit.pixels)).toBeCloseTo(1, 5);
  });

  it("gives the same digit for the same drawing at another size and place", () => {
    const small = asPixels(drawRects(60, 50, [
      [30, 5, 3, 20],
      [27.5 | 0, 22, 8, 3],
    ]));
    const a = toMnistDigit(small);
    expect(a.scaledHeight).toBe(20);
    const com = centerOfMass(a.pixels, 28, 28);
    expect(Math.hypot(com.x - 14, com.y - 14)).toBeLessThan(0.75);
  });

  it("leaves MNIST's own test images nearly unchanged (they were made this way)", async () => {
    const test = await loadMnistSplit("test");
    let worst = 0;
    for (let k = 0; k < 50; k++) {
      const original = test.images.subarray(k * MNIST_PIXELS, (k + 1) * MNIST_PIXELS);
      const { pixels, inverted } = toMnistDigit({ width: 28, height: 28, channels: 1, data: Float32Array.from(original) });
      expect(inverted).toBe(false);
      let diff = 0;
      for (let i = 0; i < MNIST_PIXELS; i++) diff += Math.abs(pixels[i]! - original[i]!);
      worst = Math.max(worst, diff / MNIST_PIXELS);
    }
    // MNIST digits already fill 20 px and sit at the centre of mass; what remains is the stretch
    // of digits whose strongest pixel is below 255. A one-pixel shift would cost ~0.1.
    expect(worst).toBeLessThan(1e-3);
  });

  it("gives the same 784 pixels for a canvas's RGBA bytes (transparent paper) as for the gray drawing", () => {
    const gray = drawRects(40, 30, [[12, 4, 5, 22]]);
    const rgba = new Uint8ClampedArray(40 * 30 * 4); // transparent black everywhere: paper
    gray.pixels.forEach((v, i) => {
      if (v === 0) rgba[4 * i + 3] = 255; // opaque black ink
    });
    const fromCanvas = toMnistImage({ width: 40, height: 30, channels: 4, data: rgba });
    expect(fromCanvas).toHaveLength(MNIST_PIXELS);
    expect(Array.from(fromCanvas)).toEqual(Array.from(toMnistDigit(asPixels(gray)).pixels));
    expect(inkExtent(fromCanvas)).toEqual({ width: 5, height: 20 }); // 5 x 22 scaled by 20/22: 5 x 20
  });

  it("refuses a blank picture, naming it", () => {
    const blank = { width: 30, height: 30, channels: 1 as const, data: new Float32Array(900).fill(1) };
    expect(() => toMnistDigit(blank, "blank.png")).toThrow(/blank\.png: no digit found/);
  });
});
