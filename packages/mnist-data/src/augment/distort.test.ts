import { createRng, deriveSeed, fnv1a32 } from "@llmnist/random";
import { describe, expect, it } from "vitest";
import { DEFAULT_DISTORTION, distortImage, type DistortOptions } from "./distort.js";
import { ringImage } from "./test-images.test-helpers.js";

const hash = (a: Float32Array): string => fnv1a32(new Uint8Array(a.buffer, a.byteOffset, a.byteLength)).toString(16).padStart(8, "0");
const PROBES = [14 * 28 + 6, 14 * 28 + 7, 14 * 28 + 20, 5 * 28 + 13, 22 * 28 + 15, 9 * 28 + 9];

// Computed with packages/mnistvl/src/augment.ts before the distortions moved here: MnistVL's
// trained models (and its tests) depend on every number staying the same.
const PINNED: Array<[string, DistortOptions, string, number[]]> = [
  ["DEFAULT_DISTORTION", DEFAULT_DISTORTION, "bae0c269", [0, 0, 0.8081194758415222, 0.5027377009391785, 0.40471604466438293, 0]],
  ["MnistVL's small preset", { ...DEFAULT_DISTORTION, maxRotationDeg: 10, elasticAlpha: 3 }, "e8e8939f", [0.01451670378446579, 0, 0.6742664575576782, 0.5124746561050415, 0.7167320251464844, 0]],
  ["no elastic field", { ...DEFAULT_DISTORTION, elasticAlpha: 0 }, "2d692eb1", [0.04536307603120804, 0, 0.6377021670341492, 0.532505452632904, 0.7707575559616089, 0]],
];

describe("distortImage", () => {
  it.each(PINNED)("gives the pinned pixels with %s (same numbers as before the move)", (_name, options, pinnedHash, probes) => {
    const dst = new Float32Array(784);
    distortImage(ringImage(), dst, createRng(deriveSeed(15, 3, 7, 2)), options);
    expect(PROBES.map((i) => dst[i])).toEqual(probes);
    expect(hash(dst)).toBe(pinnedHash); // all 784 values
  });

  it('keeps the elastic field smooth with elasticScale "field", unlike the rough "pixel" default', () => {
    // A horizontal ramp shows the x displacement: out(x) = (x + dx(x)) / 27 inside the image.
    const ramp = Float32Array.from({ length: 784 }, (_, i) => (i % 28) / 27);
    const elasticOnly: DistortOptions = { maxShift: 0, maxRotationDeg: 0, maxScale: 0, elasticAlpha: 3, elasticSigma: 4 };
    const roughness = (o: DistortOptions): number => {
      let worst = 0;
      for (let seed = 0; seed < 5; seed++) {
        const dst = new Float32Array(784);
        distortImage(ramp, dst, createRng(seed), o);
        // Largest second difference along x, in pixels of displacement, away from the border.
        for (let y = 6; y < 22; y++) {
          for (let x = 6; x < 22; x++) worst = Math.max(worst, 27 * Math.abs(dst[y * 28 + x - 1]! - 2 * dst[y * 28 + x]! + dst[y * 28 + x + 1]!));
        }
      }
      return worst;
    };
    expect(roughness({ ...elasticOnly, elasticScale: "field" })).toBeLessThan(0.5); // about alpha / sigma^2
    expect(roughness(elasticOnly)).toBeGreaterThan(2); // about 4
  });

  it("is the identity when every bound is 0", () => {
    const src = ringImage();
    const dst = new Float32Array(784);
    distortImage(src, dst, createRng(1), { maxShift: 0, maxRotationDeg: 0, maxScale: 0, elasticAlpha: 0, elasticSigma: 4 });
    expect(Array.from(dst)).toEqual(Array.from(src));
  });
});
