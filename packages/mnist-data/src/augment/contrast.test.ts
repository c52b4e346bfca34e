import { createRng } from "@llmnist/random";
import { describe, expect, it } from "vitest";
import { adjustContrast, sampleContrast } from "./contrast.js";

const ramp = Float32Array.from({ length: 784 }, (_, i) => (i % 5) / 4); // 0, 0.25, 0.5, 0.75, 1, ...
const first5 = (p: { gain: number; gamma: number; brightness: number }): number[] => {
  const dst = new Float32Array(784);
  adjustContrast(ramp, dst, p);
  return Array.from(dst.subarray(0, 5));
};

describe("adjustContrast", () => {
  it("maps v to clamp(gain * v^gamma + brightness, 0, 1)", () => {
    expect(first5({ gain: 1, gamma: 1, brightness: 0 })).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(first5({ gain: 2, gamma: 1, brightness: 0 })).toEqual([0, 0.5, 1, 1, 1]); // saturated ink
    expect(first5({ gain: 1, gamma: 2, brightness: 0 })).toEqual([0, 0.0625, 0.25, 0.5625, 1]); // crisper edges, same 0 and 1
    expect(first5({ gain: 1, gamma: 0.5, brightness: 0 })).toEqual([0, 0.5, Math.fround(Math.SQRT1_2), Math.fround(Math.sqrt(0.75)), 1]);
    expect(first5({ gain: 1, gamma: 1, brightness: -0.25 })).toEqual([0, 0, 0.25, 0.5, 0.75]); // clamped at 0
    expect(first5({ gain: 1, gamma: 1, brightness: 0.25 })).toEqual([0.25, 0.5, 0.75, 1, 1]); // clamped at 1
  });

  it("draws gain in [1, 1 + maxGain], gamma in [1 / (1 + maxGamma), 1 + maxGamma], brightness in [-max, max]", () => {
    const rng = createRng(11);
    const draws = Array.from({ length: 2000 }, () => sampleContrast(rng, { maxGain: 0.5, maxGamma: 0.5, maxBrightness: 0.1 }));
    const range = (k: "gain" | "gamma" | "brightness"): [number, number] => [Math.min(...draws.map((d) => d[k])), Math.max(...draws.map((d) => d[k]))];
    const [gMin, gMax] = range("gain");
    expect(gMin).toBeGreaterThanOrEqual(1);
    expect(gMax).toBeLessThan(1.5);
    expect(gMax).toBeGreaterThan(1.49);
    const [yMin, yMax] = range("gamma");
    expect(yMin).toBeGreaterThanOrEqual(1 / 1.5);
    expect(yMin).toBeLessThan(1 / 1.5 + 0.01);
    expect(yMax).toBeLessThan(1.5);
    expect(yMax).toBeGreaterThan(1.49);
    // Log-uniform: as many draws below 1 as above.
    expect(Math.abs(draws.filter((d) => d.gamma < 1).length - 1000)).toBeLessThan(100);
    const [bMin, bMax] = range("brightness");
    expect(bMin).toBeGreaterThanOrEqual(-0.1);
    expect(bMax).toBeLessThanOrEqual(0.1);
  });
});
