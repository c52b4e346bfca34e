import { describe, expect, it } from "vitest";
import { deriveSeed } from "./derive-seed.js";
import { fnv1a32 } from "./fnv1a32.js";
import { hashInts, mix32 } from "./hash.js";
import { createRng } from "./rng.js";
import { splitmix32 } from "./splitmix32.js";

// Exact outputs recorded from @llmnist/train's rng.ts and @llmnist/mnist-data's shuffle.ts
// before they moved here: every committed run's seeds, batch orders and checkpoints' name
// hashes depend on them, so they must never change.

const draws = (next: () => number, n: number): number[] => Array.from({ length: n }, next);

describe("pinned values (recorded before the move)", () => {
  it("mix32", () => {
    expect([0, 1, 0x66ccff, 0xffffffff, 123456789].map(mix32)).toEqual([0, 2261973619, 3544486632, 2578835075, 956453899]);
  });

  it("hashInts: mnist-data's hashInt chain", () => {
    expect(hashInts(0, 0)).toBe(1684164658);
    expect(hashInts(0x6d6e6973, 1, 3)).toBe(907993832);
    expect(hashInts(0x6d6e6973, 0x66ccff, 0)).toBe(3938751993);
    expect(hashInts(5, 2 ** 40, -2)).toBe(1748311932);
  });

  it("deriveSeed", () => {
    expect(deriveSeed(0)).toBe(3761862442);
    expect(deriveSeed(7)).toBe(1769325429);
    expect(deriveSeed(7, 3, 1)).toBe(4006434519);
    expect(deriveSeed(0x66ccff, 0)).toBe(1649511352);
    expect(deriveSeed(-1, 2)).toBe(2327663171);
    expect(deriveSeed(2 ** 40 + 5, -3)).toBe(4068285711);
  });

  it("createRng: nextUint32, next, nextInt, normal", () => {
    expect(draws(createRng(0).nextUint32, 5)).toEqual([3385628684, 1430120249, 3444358306, 2993429826, 3202225609]);
    expect(draws(createRng(42).nextUint32, 5)).toEqual([1256865784, 42660403, 990456401, 3806940723, 1813777574]);
    expect(draws(createRng(-7).nextUint32, 5)).toEqual([2431979313, 3897477675, 2452304557, 1878628277, 2480709021]);
    expect(draws(createRng(2 ** 33 + 1).nextUint32, 5)).toEqual([1724804489, 296715726, 2706185439, 723160732, 737728986]);
    expect(draws(createRng(42).next, 3)).toEqual([0.2926368694752455, 0.009932649089023471, 0.2306086013559252]);
    const ints = createRng(42);
    expect(draws(() => ints.nextInt(10), 6)).toEqual([4, 3, 1, 3, 4, 1]);
    expect([ints.nextInt(0x1_0000_0000), ints.nextInt(3)]).toEqual([1677454797, 1]);
    const normals = createRng(7);
    expect(draws(normals.normal, 4)).toEqual([-0.12549916938887445, -0.17311443283986067, -2.5469317877427007, 0.03223767188257283]);
  });

  it("splitmix32: the raw generator, state taken modulo 2^32", () => {
    expect(draws(splitmix32(0x66ccff), 3)).toEqual([2573317045, 2857695816, 598316340]);
    expect(draws(splitmix32(-1), 2)).toEqual([3950124170, 4293442868]);
    expect(draws(splitmix32(2 ** 32 + 5), 2)).toEqual([3533496745, 3726933447]);
  });

  it("fnv1a32", () => {
    const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
    expect(fnv1a32(utf8(""))).toBe(2166136261);
    expect(fnv1a32(utf8("a"))).toBe(3826002220);
    expect(fnv1a32(utf8("mnistvl"))).toBe(3966967748);
    expect(fnv1a32(utf8("héllo"))).toBe(1252296000);
  });
});
