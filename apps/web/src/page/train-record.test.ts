import { describe, expect, it } from "vitest";
import type { StepInfo } from "@llmnist/train";
import { emptyTrainState, TrainRecord } from "./train-record.js";

const step = (globalStep: number, loss: number): StepInfo => ({
  epoch: 1, epochs: 1, step: globalStep, stepsPerEpoch: 10, globalStep, totalSteps: 10, loss, metrics: {}, lr: 1e-3, batchSize: 32, examplesPerSecond: 0, etaSeconds: 0,
});

describe("TrainRecord", () => {
  it("smooths the loss without bias towards 0 at the start", () => {
    const record = new TrainRecord(emptyTrainState(320, 1, "running"), () => 0);
    record.step(step(1, 2));
    record.step(step(2, 2));
    expect(record.state.smoothedLosses.map((v) => v.toFixed(6))).toEqual(["2.000000", "2.000000"]); // a constant loss stays put
    record.step(step(3, 0));
    expect(record.state.smoothedLosses[2]).toBeGreaterThan(1);
    expect(record.state.losses).toEqual([2, 2, 0]);
  });

  it("times training apart from evaluations, and reports the accuracy history", () => {
    let now = 0;
    const record = new TrainRecord(emptyTrainState(320, 1, "running"), () => now);
    now = 500;
    record.step(step(1, 2)); // 0.5 s for a step
    record.accuracy(50, 1000); // an evaluation of 1 s, timed by its caller
    now = 2000;
    record.step(step(2, 1)); // 0.5 s more training
    now = 2300;
    record.accuracy(80); // the engine's epoch-end evaluation: everything since the last step
    const s = record.state;
    expect(s.trainSeconds).toBeCloseTo(1);
    expect(s.evalSeconds).toBeCloseTo(1.3);
    expect(s.stepsPerSecond).toBeCloseTo(2);
    expect(s.imagesPerSecond).toBeCloseTo(64);
    expect(s.etaSeconds).toBeCloseTo(8 * 1); // 8 steps left at 1 s each, evaluations included
    expect(s.accuracy).toEqual([{ step: 1, seconds: 0.5, accuracy: 50 }, { step: 2, seconds: 2.3, accuracy: 80 }]);
    record.finish("done", 80);
    expect(s).toMatchObject({ phase: "done", finalAccuracy: 80, etaSeconds: 0 });
  });
});
