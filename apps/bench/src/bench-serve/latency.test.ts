import { describe, expect, it } from "vitest";
import { percentile, summarizeLatencies } from "./latency.js";

describe("percentile", () => {
  it("takes the nearest rank", () => {
    const hundred = Array.from({ length: 100 }, (_, i) => 100 - i); // 100..1, unsorted on purpose
    expect(percentile(hundred, 50)).toBe(50);
    expect(percentile(hundred, 99)).toBe(99);
    expect(percentile(hundred, 100)).toBe(100);
    expect(percentile([5], 50)).toBe(5);
    expect(percentile([1, 2, 3, 4], 50)).toBe(2);
    expect(percentile(Array.from({ length: 40 }, (_, i) => i), 99)).toBe(39);
    expect(percentile([3, 1, 2], 1)).toBe(1);
  });

  it("refuses empty lists and percentages out of range", () => {
    expect(() => percentile([], 50)).toThrow(/no values/);
    expect(() => percentile([1], 0)).toThrow(/p must be in/);
    expect(() => percentile([1], 101)).toThrow(/p must be in/);
  });
});

describe("summarizeLatencies", () => {
  it("gives requests/s over the wall time and the percentiles", () => {
    const s = summarizeLatencies([10, 20, 30, 40], 0.5);
    expect(s).toEqual({ requests: 4, seconds: 0.5, requests_per_s: 8, p50_ms: 20, p99_ms: 40, mean_ms: 25, max_ms: 40 });
    expect(() => summarizeLatencies([], 1)).toThrow(/no requests/);
    expect(() => summarizeLatencies([1], 0)).toThrow(/positive/);
  });
});
