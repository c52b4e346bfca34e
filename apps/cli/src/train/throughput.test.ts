import type { StepInfo } from "@llmnist/train";
import { describe, expect, it } from "vitest";
import { TrainThroughput } from "./throughput.js";

const step = (epoch: number, s: number, batchSize = 32): StepInfo =>
  ({ epoch, step: s, batchSize }) as StepInfo;

describe("TrainThroughput", () => {
  it("counts the time between steps of an epoch, leaving out the gap before each epoch's first step", () => {
    let now = 0;
    const meter = new TrainThroughput(() => now);
    expect(meter.imagesPerSecond()).toBeNull();
    const at = (ms: number, info: StepInfo): void => {
      now = ms;
      meter.onStep(info);
    };
    at(5000, step(1, 1)); // start-up before it: not counted
    at(5100, step(1, 2));
    at(5200, step(1, 3, 16));
    at(9000, step(2, 1)); // the evaluation before it: not counted
    at(9100, step(2, 2));
    // 32 + 16 + 32 images in 0.1 + 0.1 + 0.1 s
    expect(meter.imagesPerSecond()).toBeCloseTo(80 / 0.3, 9);
  });
});
