import { createRng } from "@llmnist/random";
import { describe, expect, it } from "vitest";
import { argmax, sampleToken } from "./sampling.js";

describe("sampleToken", () => {
  const logits = [1, 3, 2, 3, -1];

  it("greedy picks the first of tied maxima", () => {
    expect(argmax(logits)).toBe(1);
    expect(sampleToken(logits, {}, createRng(0))).toBe(1);
    expect(sampleToken(logits, { temperature: 0, topK: 1 }, createRng(0))).toBe(1);
  });

  it("top-k 1 always returns the argmax even at a high temperature", () => {
    const rng = createRng(5);
    for (let i = 0; i < 50; i++) expect(sampleToken(logits, { temperature: 10, topK: 1 }, rng)).toBe(1);
  });

  it("top-k 3 never returns tokens outside the 3 largest logits", () => {
    const rng = createRng(5);
    const seen = new Set<number>();
    for (let i = 0; i < 300; i++) seen.add(sampleToken(logits, { temperature: 5, topK: 3 }, rng));
    expect([...seen].sort()).toEqual([1, 2, 3]);
  });

  it("top-p keeps the smallest prefix reaching p", () => {
    // probabilities 0.5, 0.3, 0.2: p = 0.6 keeps the first two only.
    const probs = [Math.log(0.5), Math.log(0.3), Math.log(0.2)];
    const rng = createRng(9);
    const seen = new Set<number>();
    for (let i = 0; i < 300; i++) seen.add(sampleToken(probs, { temperature: 1, topP: 0.6 }, rng));
    expect([...seen].sort()).toEqual([0, 1]);
  });

  it("draws in proportion to softmax(logits / T)", () => {
    const probs = [Math.log(0.7), Math.log(0.3)];
    const rng = createRng(1);
    let zeros = 0;
    const n = 4000;
    for (let i = 0; i < n; i++) if (sampleToken(probs, { temperature: 1 }, rng) === 0) zeros++;
    expect(zeros / n).toBeGreaterThan(0.67);
    expect(zeros / n).toBeLessThan(0.73);
  });

  it("rejects bad options", () => {
    expect(() => sampleToken(logits, { temperature: -1 }, createRng(0))).toThrow(/temperature must be >= 0/);
    expect(() => sampleToken(logits, { temperature: 1, topP: 0 }, createRng(0))).toThrow(/topP must be in \(0, 1\]/);
  });
});
