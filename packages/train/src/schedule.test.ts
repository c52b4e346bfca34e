import { describe, expect, it } from "vitest";
import { paperSchedule, warmupCosineLr } from "./schedule.js";

// The paper's protocol: 1875 iterations/epoch, 2 warm-up epochs, 10 epochs, peak 1e-3.
const opts = { peakLr: 1e-3, warmupIters: 3750, totalIters: 18750 };

describe("warmupCosineLr", () => {
  it("starts at peak * 1e-3 = 1e-6", () => {
    expect(warmupCosineLr(0, opts)).toBeCloseTo(1e-6, 15);
  });

  it("rises linearly: factor 1e-3 + 0.999 * i / 3749", () => {
    expect(warmupCosineLr(1, opts)).toBeCloseTo(1e-3 * (1e-3 + 0.999 / 3749), 15);
    expect(warmupCosineLr(1, opts)).toBeCloseTo(1.2664710589490531e-6, 15);
  });

  it("reaches the peak at the last warm-up iteration 3749", () => {
    expect(warmupCosineLr(3749, opts)).toBeCloseTo(1e-3, 15);
  });

  it("starts the cosine at the peak at iteration 3750", () => {
    expect(warmupCosineLr(3750, opts)).toBeCloseTo(1e-3, 15);
  });

  it("is half the peak half-way through the cosine (iteration 3750 + 7500)", () => {
    expect(warmupCosineLr(11250, opts)).toBeCloseTo(5e-4, 15);
  });

  it("is tiny at the last iteration 18749: peak * (1 + cos(pi * 14999 / 15000)) / 2", () => {
    // 1 + cos(pi - x) = 1 - cos(x) ~ x^2 / 2 with x = pi / 15000.
    const x = Math.PI / 15000;
    const expected = (1e-3 * (x * x)) / 4;
    expect(expected).toBeCloseTo(1.0966227112321507e-11, 20);
    expect(warmupCosineLr(18749, opts) / expected).toBeCloseTo(1, 6);
  });

  it("works without warm-up and with a one-iteration warm-up", () => {
    expect(warmupCosineLr(0, { peakLr: 0.1, warmupIters: 0, totalIters: 4 })).toBeCloseTo(0.1, 15);
    expect(warmupCosineLr(2, { peakLr: 0.1, warmupIters: 0, totalIters: 4 })).toBeCloseTo(0.05, 15);
    expect(warmupCosineLr(0, { peakLr: 0.1, warmupIters: 1, totalIters: 3 })).toBeCloseTo(0.1, 15);
    expect(warmupCosineLr(0, { peakLr: 0.1, warmupIters: 3, totalIters: 3, startFactor: 0.5 })).toBeCloseTo(0.05, 15);
    expect(warmupCosineLr(1, { peakLr: 0.1, warmupIters: 3, totalIters: 3, startFactor: 0.5 })).toBeCloseTo(0.075, 15);
  });

  it("rejects bad arguments with clear messages", () => {
    expect(() => warmupCosineLr(18750, opts)).toThrow(/iter must be an integer in \[0, 18750\), got 18750/);
    expect(() => warmupCosineLr(-1, opts)).toThrow(/iter/);
    expect(() => warmupCosineLr(1.5, opts)).toThrow(/iter/);
    expect(() => warmupCosineLr(0, { ...opts, peakLr: 0 })).toThrow(/peakLr must be a finite number > 0, got 0/);
    expect(() => warmupCosineLr(0, { ...opts, warmupIters: 20000 })).toThrow(/warmupIters/);
    expect(() => warmupCosineLr(0, { ...opts, totalIters: 0 })).toThrow(/totalIters/);
    expect(() => warmupCosineLr(0, { ...opts, startFactor: 0 })).toThrow(/startFactor/);
  });
});

describe("paperSchedule", () => {
  it("matches the paper's iteration numbers with the defaults", () => {
    const lr = paperSchedule(1875, 10);
    expect(lr(0)).toBeCloseTo(1e-6, 15);
    expect(lr(3749)).toBeCloseTo(1e-3, 15);
    expect(lr(3750)).toBeCloseTo(1e-3, 15);
    expect(lr(11250)).toBeCloseTo(5e-4, 15);
  });

  it("rejects bad arguments", () => {
    expect(() => paperSchedule(0, 10)).toThrow(/itersPerEpoch must be an integer >= 1, got 0/);
    expect(() => paperSchedule(10, 0)).toThrow(/epochs/);
    expect(() => paperSchedule(10, 2, 1e-3, 3)).toThrow(/warmupEpochs must be an integer in \[0, epochs=2\], got 3/);
    expect(() => paperSchedule(10, 2, -1)).toThrow(/peakLr/);
  });
});
