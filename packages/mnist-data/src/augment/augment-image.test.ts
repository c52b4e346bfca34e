import { createRng, deriveSeed } from "@llmnist/random";
import { describe, expect, it } from "vitest";
import { augmentImage, normalizePeak } from "./augment-image.js";
import { AugmentOptionError, DEFAULT_AUGMENT, checkAugmentOptions, type AugmentOptions } from "./augment-options.js";
import { DEFAULT_DISTORTION, distortImage } from "./distort.js";
import { ringImage, verticalBar } from "./test-images.test-helpers.js";

const none: AugmentOptions = { distort: null, stroke: null, blur: null, normalize: false, contrast: null };
const run = (src: Float32Array, seed: number, o: AugmentOptions): Float32Array => {
  const dst = new Float32Array(784);
  augmentImage(src, dst, createRng(seed), o);
  return dst;
};

describe("augmentImage", () => {
  it("gives the same image for the same seed, another for another seed", () => {
    const a = run(ringImage(), 5, DEFAULT_AUGMENT);
    expect(Array.from(run(ringImage(), 5, DEFAULT_AUGMENT))).toEqual(Array.from(a));
    expect(Array.from(run(ringImage(), 6, DEFAULT_AUGMENT))).not.toEqual(Array.from(a));
  });

  it("keeps every value in [0, 1] and the peak at 1 (normalize), whatever the draws", () => {
    const heavy: AugmentOptions = {
      distort: { maxShift: 3, maxRotationDeg: 30, maxScale: 0.3, elasticAlpha: 8, elasticSigma: 3 },
      stroke: { maxThicken: 2, maxThin: 2 },
      blur: { maxSigma: 2 },
      normalize: true,
      contrast: { maxGain: 3, maxGamma: 2, maxBrightness: 0.3 },
    };
    for (let seed = 0; seed < 40; seed++) {
      for (const o of [DEFAULT_AUGMENT, heavy]) {
        const out = run(ringImage(), seed, o);
        expect(Math.min(...out)).toBeGreaterThanOrEqual(0);
        expect(Math.max(...out)).toBeLessThanOrEqual(1);
        if (o === DEFAULT_AUGMENT) expect(Math.max(...out)).toBe(1);
      }
    }
  });

  it("is distortImage, draw for draw, with only distort and no normalize", () => {
    const src = ringImage();
    const seed = deriveSeed(1, 4, 2, 3);
    const expected = new Float32Array(784);
    distortImage(src, expected, createRng(seed), DEFAULT_DISTORTION);
    expect(Array.from(run(src, seed, { ...none, distort: DEFAULT_DISTORTION }))).toEqual(Array.from(expected));
  });

  it("with no step copies; with only a stroke change thickens a line", () => {
    const line = verticalBar(13, 1);
    expect(Array.from(run(line, 1, none))).toEqual(Array.from(line));
    const thick = run(line, 1, { ...none, stroke: { maxThicken: 2, maxThin: 0 } });
    const ink = (img: Float32Array) => img.reduce((s, v) => s + v, 0);
    expect(ink(thick)).toBeGreaterThan(ink(line));
  });

  it("may write in place (dst = src)", () => {
    const img = ringImage();
    const expected = run(img, 9, DEFAULT_AUGMENT);
    augmentImage(img, img, createRng(9), DEFAULT_AUGMENT);
    expect(Array.from(img)).toEqual(Array.from(expected));
  });

  it("refuses bad options and sizes, naming the field, what was expected and what it got", () => {
    const bad = (o: unknown) => () => augmentImage(ringImage(), new Float32Array(784), createRng(1), o as AugmentOptions);
    expect(bad({ ...DEFAULT_AUGMENT, stroke: { maxThicken: 5, maxThin: 0 } })).toThrow("augmentImage: stroke.maxThicken must be a number in [0, 3], got 5");
    expect(bad({ ...DEFAULT_AUGMENT, blur: { maxSigma: -1 } })).toThrow(/blur\.maxSigma must be a number in \[0, 3\], got -1/);
    expect(bad({ ...DEFAULT_AUGMENT, stroke: { maxThick: 1, maxThin: 0 } })).toThrow(/stroke\.maxThick must be absent \(the fields are maxThicken, maxThin\), got 1/);
    expect(bad({ ...DEFAULT_AUGMENT, noise: 1 })).toThrow(/noise must be absent \(the steps are distort, stroke, blur, normalize, contrast\)/);
    expect(bad({ ...DEFAULT_AUGMENT, normalize: undefined })).toThrow(/normalize must be true or false, got undefined/);
    expect(bad({ ...DEFAULT_AUGMENT, distort: { ...DEFAULT_DISTORTION, elasticSigma: 0 } })).toThrow(/distort\.elasticSigma must be a number in \(0, 10\], got 0/);
    expect(bad({ ...DEFAULT_AUGMENT, distort: { ...DEFAULT_DISTORTION, elasticScale: "axis" } })).toThrow('augmentImage: distort.elasticScale must be "pixel" or "field", got "axis"');
    expect(bad(DEFAULT_AUGMENT)).not.toThrow();
    expect(() => augmentImage(new Float32Array(100), new Float32Array(784), createRng(1), DEFAULT_AUGMENT)).toThrow("augmentImage: src has 100 values, expected 784");
    const e = (() => {
      try {
        checkAugmentOptions({ ...DEFAULT_AUGMENT, contrast: { maxGain: "2", maxGamma: 0, maxBrightness: 0 } }, "llmnist train");
      } catch (error) {
        return error;
      }
    })();
    expect(e).toBeInstanceOf(AugmentOptionError);
    expect(e).toMatchObject({ field: "contrast.maxGain", expected: "a number in [0, 10]", got: "2" });
  });

  it("checkAugmentOptions returns the options in canonical order", () => {
    const shuffled = { contrast: null, normalize: true, blur: { maxSigma: 1 }, stroke: null, distort: { elasticSigma: 4, elasticAlpha: 0, maxScale: 0, maxRotationDeg: 5, maxShift: 1 } };
    expect(JSON.stringify(checkAugmentOptions(shuffled))).toBe(
      '{"distort":{"maxShift":1,"maxRotationDeg":5,"maxScale":0,"elasticAlpha":0,"elasticSigma":4,"elasticScale":"pixel"},"stroke":null,"blur":{"maxSigma":1},"normalize":true,"contrast":null}',
    );
  });
});

describe("normalizePeak", () => {
  it("scales the brightest pixel to 1 and leaves a blank image blank", () => {
    const img = Float32Array.from([0, 0.25, 0.5]);
    normalizePeak(img);
    expect(Array.from(img)).toEqual([0, 0.5, 1]);
    const blank = new Float32Array(4);
    normalizePeak(blank);
    expect(Array.from(blank)).toEqual([0, 0, 0, 0]);
  });
});
