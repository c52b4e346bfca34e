import { describe, expect, it } from "vitest";
import {
  createConsoleProgress,
  etaSeconds,
  formatDuration,
  formatEpochLine,
  formatLr,
  formatRate,
  formatStepLine,
  imagesPerSecond,
} from "./progress.js";
import type { StepInfo } from "./engine/options.js";

const step = (over: Partial<StepInfo> = {}): StepInfo => ({
  epoch: 1,
  epochs: 10,
  step: 120,
  stepsPerEpoch: 1875,
  globalStep: 120,
  totalSteps: 18750,
  loss: 0.43124,
  lr: 3.2e-5,
  batchSize: 32,
  metrics: {},
  examplesPerSecond: 412.3,
  etaSeconds: 252,
  ...over,
});

describe("formatting", () => {
  it("formats durations", () => {
    expect(formatDuration(0)).toBe("0s");
    expect(formatDuration(12.4)).toBe("12s");
    expect(formatDuration(59.6)).toBe("1m00s");
    expect(formatDuration(252)).toBe("4m12s");
    expect(formatDuration(3725)).toBe("1h02m");
    expect(formatDuration(-3)).toBe("0s");
    expect(formatDuration(Infinity)).toBe("?");
  });

  it("formats learning rates like Python's %.1e", () => {
    expect(formatLr(3.2e-5)).toBe("3.2e-05");
    expect(formatLr(1e-3)).toBe("1.0e-03");
    expect(formatLr(1e-6)).toBe("1.0e-06");
    expect(formatLr(0)).toBe("0.0e+00");
    expect(formatLr(1.23e-11)).toBe("1.2e-11");
    expect(formatLr(2)).toBe("2.0e+00");
  });

  it("formats rates", () => {
    expect(formatRate(412.3)).toBe("412 img/s");
    expect(formatRate(12.34)).toBe("12.3 img/s");
    expect(formatRate(0)).toBe("? img/s");
    expect(imagesPerSecond(640, 2)).toBe(320);
    expect(imagesPerSecond(640, 0)).toBe(0);
  });

  it("estimates the time left from the pace of this session", () => {
    // 100 steps timed in 10 s; 18750 - 1100 left at 0.1 s each.
    expect(etaSeconds(1100, 18750, 100, 10)).toBeCloseTo(1765, 9);
    expect(etaSeconds(18750, 18750, 100, 10)).toBe(0);
    expect(etaSeconds(5, 10, 0, 0)).toBe(Infinity);
  });

  it("formats the step and epoch lines", () => {
    expect(formatStepLine(step())).toBe("epoch 1/10 step 120/1875 loss 0.4312 lr 3.2e-05 412 img/s ETA 4m12s");
    expect(
      formatEpochLine({ epoch: 3, train_loss: 0.123456, test_accuracy: 98.765, lr: 5e-4, seconds: 61.2, steps: 1875 }, 10),
    ).toBe("epoch 3/10 train_loss 0.1235 test_accuracy 98.77% lr 5.0e-04 (1m01s)");
  });
});

describe("createConsoleProgress", () => {
  it("prints a line every N steps and at the epoch's end when not a TTY", () => {
    const out: string[] = [];
    const sink = createConsoleProgress({ stream: { write: (s) => out.push(s) }, tty: false, everySteps: 50 });
    for (let s = 1; s <= 120; s++) sink.onStep!(step({ step: s, stepsPerEpoch: 120 }));
    expect(out.map((l) => l.split(" ")[3])).toEqual(["50/120", "100/120", "120/120"]);
    expect(out.every((l) => l.endsWith("\n"))).toBe(true);
    sink.onEpoch!({ epoch: 1, train_loss: 0.5, test_accuracy: 90, lr: 1e-3, seconds: 3, steps: 120 }, 10);
    expect(out[3]).toBe("epoch 1/10 train_loss 0.5000 test_accuracy 90.00% lr 1.0e-03 (3s)\n");
  });

  it("redraws one line on a TTY, throttled, and clears it before the epoch line", () => {
    const out: string[] = [];
    let t = 0;
    const sink = createConsoleProgress({ stream: { write: (s) => out.push(s) }, tty: true, minIntervalMs: 100, now: () => t });
    for (let s = 1; s <= 10; s++) {
      t = s * 30; // 30 ms per step: at most one redraw every 4 steps
      sink.onStep!(step({ step: s, stepsPerEpoch: 10 }));
    }
    expect(out.length).toBe(4); // steps 1, 5, 9 and the last step 10
    expect(out.every((l) => l.startsWith("\r\x1b[K") && !l.includes("\n"))).toBe(true);
    sink.onEpoch!({ epoch: 1, train_loss: 0.5, test_accuracy: 90, lr: 1e-3, seconds: 3, steps: 10 }, 1);
    expect(out.slice(4)).toEqual(["\r\x1b[K", "epoch 1/1 train_loss 0.5000 test_accuracy 90.00% lr 1.0e-03 (3s)\n"]);
  });
});
