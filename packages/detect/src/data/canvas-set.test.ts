import { describe, expect, it } from "vitest";
import { checkCanvasSetOptions, createCanvasSet, makeCanvasSet } from "./canvas-set.js";
import { makeCanvas } from "./canvas.js";
import { blockSplit, createRng, deriveSeed, random } from "./test-split.test-helpers.js";

const train = blockSplit(50, 0, "train");
const test = blockSplit(7, 3, "test");
const options = { count: 6, seed: 42, width: 72, height: 56, maxDigits: 3, scale: [0.6, 1.4] as const, noise: 0.05, clutter: 1 };

describe("makeCanvasSet", () => {
  it("is deterministic: same split, options and seed, the same canvases; another seed, others", () => {
    const a = makeCanvasSet(train, options, random);
    const b = makeCanvasSet(train, options, random);
    expect(a).toHaveLength(6);
    expect(b).toEqual(a);
    const other = makeCanvasSet(train, { ...options, seed: 43 }, random);
    expect(other.map((c) => c.objects)).not.toEqual(a.map((c) => c.objects));
  });

  it("canvas k draws from createRng(deriveSeed(seed, k)): it does not depend on the canvases before it", () => {
    const all = makeCanvasSet(train, options, random);
    const set = createCanvasSet(train, options, random);
    expect(set.canvas(4)).toEqual(all[4]);
    expect(makeCanvasSet(train, { ...options, count: 2 }, random)).toEqual(all.slice(0, 2));
    const { count: _c, seed: _s, ...canvasOptions } = options;
    expect(makeCanvas(train, canvasOptions, createRng(deriveSeed(42, 3)))).toEqual(all[3]);
    expect(() => set.canvas(6)).toThrow("createCanvasSet: index: expected an integer in [0, 5], got 6");
  });

  it("canvasSized draws canvas k at another size from the same stream, and checks the size", () => {
    const set = createCanvasSet(train, options, random);
    const { count: _c, seed: _s, ...canvasOptions } = options;
    const bigger = set.canvasSized(2, { width: 80, height: 48 });
    expect([bigger.width, bigger.height]).toEqual([80, 48]);
    expect(bigger).toEqual(makeCanvas(train, { ...canvasOptions, width: 80, height: 48 }, createRng(deriveSeed(42, 2))));
    expect(set.canvasSized(2, { width: options.width, height: options.height })).toEqual(set.canvas(2));
    expect(() => set.canvasSized(2, { width: 8, height: 48 })).toThrow("createCanvasSet: size.width: expected an integer in [16, 4096], got 8");
  });

  it("pinned: boxes, labels and polarity of a small set stay what they were (integer and exact float arithmetic only)", () => {
    const canvases = makeCanvasSet(blockSplit(30), { count: 2, seed: 2024, width: 64, height: 64, maxDigits: 3 }, random);
    expect(canvases.map((c) => [c.polarity, c.unplaced, c.objects.map((o) => [o.box, o.digit, o.sourceIndex, o.scale * 28])])).toEqual([
      ["dark-on-light", 0, [[[20, 24, 53, 60], 7, 7, 46], [[50, 11, 59, 22], 3, 3, 17]]],
      ["dark-on-light", 0, [[[11, 34, 30, 58], 1, 21, 34]]],
    ]);
  });

  it("takes sizes in turn", () => {
    const sizes = [
      { width: 16, height: 16 },
      { width: 40, height: 24 },
      { width: 24, height: 64 },
    ];
    const set = makeCanvasSet(train, { count: 5, seed: 1, sizes, maxDigits: 1, scale: [0.6, 0.6] }, random);
    expect(set.map((c) => [c.width, c.height, c.pixels.length])).toEqual([
      [16, 16, 256],
      [40, 24, 960],
      [24, 64, 1536],
      [16, 16, 256],
      [40, 24, 960],
    ]);
  });

  it("digits come from the split given, named by their index in it", () => {
    const canvases = makeCanvasSet(test, { ...options, count: 20, maxDigits: 4 }, random);
    const objects = canvases.flatMap((c) => c.objects);
    expect(objects.length).toBeGreaterThan(20);
    for (const o of objects) {
      expect(Number.isInteger(o.sourceIndex) && o.sourceIndex >= 0 && o.sourceIndex < test.count).toBe(true);
      expect(o.digit).toBe((o.sourceIndex + 3) % 10); // the test split's labels
    }
    // All 7 test images are used; with the training split the indices run past 7.
    expect(new Set(objects.map((o) => o.sourceIndex)).size).toBe(7);
    const fromTrain = makeCanvasSet(train, { ...options, count: 20, maxDigits: 4 }, random).flatMap((c) => c.objects);
    expect(Math.max(...fromTrain.map((o) => o.sourceIndex))).toBeGreaterThanOrEqual(7);
  });

  it("checks sizes and the set's own options, naming the option", () => {
    expect(() => makeCanvasSet(train, { count: 1, seed: 0, sizes: [{ width: 32, height: 32 }, { width: 8, height: 32 }] }, random)).toThrow(
      "makeCanvasSet: sizes[1].width: expected an integer in [16, 4096], got 8",
    );
    expect(() => makeCanvasSet(train, { count: 1, seed: 0, width: 32 }, random)).toThrow("makeCanvasSet: height: expected an integer in [16, 4096], got nothing");
    expect(() => makeCanvasSet(train, { count: 1, seed: 0, width: 32, height: 32, sizes: [{ width: 32, height: 32 }] }, random)).toThrow(
      "makeCanvasSet: sizes: expected either sizes or width and height, not both",
    );
    expect(() => makeCanvasSet(train, { count: 1, seed: 0, sizes: [] }, random)).toThrow("makeCanvasSet: sizes: expected a non-empty array of { width, height }, got []");
    expect(() => makeCanvasSet(train, { count: -1, seed: 0, width: 32, height: 32 }, random)).toThrow("makeCanvasSet: count: expected a non-negative integer, got -1");
    expect(() => makeCanvasSet(train, { count: 1, seed: 0.5, width: 32, height: 32 }, random)).toThrow("makeCanvasSet: seed: expected a safe integer, got 0.5");
    expect(() => checkCanvasSetOptions({ count: 1, seed: 0, width: 32, height: 32, maxDigits: 1001 })).toThrow("makeCanvasSet: maxDigits: expected an integer in [0, 1000], got 1001");
    expect(() => makeCanvasSet(train, { count: 1, seed: 0, width: 32, height: 32 }, {} as never)).toThrow(/makeCanvasSet: random: expected \{ createRng, deriveSeed \}/);
  });
});
