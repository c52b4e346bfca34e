import { describe, expect, it } from "vitest";
import { deriveSeed } from "./derive-seed.js";
import { hashInts, mix32 } from "./hash.js";
import { splitmix32 } from "./splitmix32.js";

describe("hashInts", () => {
  it("folds each integer's low then high 32 bits into the salt", () => {
    const fold = (n: number, h: number): number => mix32((mix32(h ^ (n >>> 0)) + 0x9e3779b9) ^ (Math.floor(n / 2 ** 32) >>> 0));
    expect(hashInts(9, 2 ** 35 + 4, -6)).toBe(fold(-6, fold(2 ** 35 + 4, 9)));
    expect(hashInts(9)).toBe(9);
    expect(hashInts(1, 1, 2)).not.toBe(hashInts(1, 2, 1));
    expect(hashInts(1, 5)).not.toBe(hashInts(2, 5));
  });

  it("is deriveSeed's hash under the salt \"tran\"", () => {
    expect(deriveSeed(123, 4, 5)).toBe(hashInts(0x7472616e, 123, 4, 5));
  });

  it("rejects what is not a safe integer, naming it", () => {
    expect(() => hashInts(1.5, 0)).toThrow("hashInts: salt must be a safe integer, got 1.5");
    expect(() => hashInts(0, 1, NaN)).toThrow("hashInts: ints[1] must be a safe integer, got NaN");
    expect(() => deriveSeed(2 ** 53)).toThrow(/deriveSeed: seed must be a safe integer/);
    expect(() => splitmix32(0.5)).toThrow("splitmix32: state must be a safe integer, got 0.5");
  });
});
