import { describe, expect, it } from "vitest";
import { niceDomain, niceTicks, tickLabel } from "./ticks.js";
import { escapeXml, num } from "./svg.js";

describe("niceTicks", () => {
  it("steps by 1, 2 or 5 times a power of ten, inside the range", () => {
    expect(niceTicks(0, 10, 5)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(niceTicks(97.1, 99.4, 4)).toEqual([98, 99]); // never more than target + 1 ticks
    expect(niceTicks(97.1, 99.4, 5)).toEqual([97.5, 98, 98.5, 99]);
    expect(niceTicks(0, 0.3, 3)).toEqual([0, 0.1, 0.2, 0.3]);
    expect(niceTicks(5, 5)).toEqual([5]);
  });

  it("rejects bad bounds", () => {
    expect(() => niceTicks(NaN, 1)).toThrow(/finite/);
    expect(() => niceTicks(2, 1)).toThrow(/below min/);
  });
});

describe("niceDomain", () => {
  it("widens to tick boundaries and around flat data", () => {
    expect(niceDomain(0, 0.47)).toEqual([0, 0.5]);
    expect(niceDomain(97.1, 99.4)).toEqual([97, 99.5]);
    const [lo, hi] = niceDomain(98, 98);
    expect(lo).toBeLessThan(98);
    expect(hi).toBeGreaterThan(98);
  });
});

describe("svg helpers", () => {
  it("escapes markup characters and formats numbers compactly", () => {
    expect(escapeXml(`<a href="x">&'`)).toBe("&lt;a href=&quot;x&quot;&gt;&amp;&apos;");
    expect(num(1.23456)).toBe("1.23");
    expect(num(-0.001)).toBe("0");
    expect(tickLabel(0.1 + 0.2)).toBe("0.3");
  });
});
