import type { StepInfo } from "@llmnist/train";
import type { TrainPhase, TrainState } from "./protocol.js";

/** Weight of the past in the smoothed loss: about the last 20 steps. */
const SMOOTHING = 0.95;

/** A fresh state for a run of `images` digits x `epochs` (nothing done yet). */
export function emptyTrainState(images: number, epochs: number, phase: TrainPhase = "idle", usedByPad = false): TrainState {
  return {
    phase,
    images,
    epochs,
    step: 0,
    totalSteps: 0,
    epoch: 0,
    losses: [],
    smoothedLosses: [],
    accuracy: [],
    finalAccuracy: null,
    seconds: 0,
    trainSeconds: 0,
    evalSeconds: 0,
    stepsPerSecond: 0,
    imagesPerSecond: 0,
    etaSeconds: null,
    usedByPad,
  };
}

/**
 * Turns the engine's step reports and the evaluations into the panel's state: the loss
 * curves, the accuracy history, and speeds with evaluation time taken out (a held-out
 * evaluation runs on the same thread and would otherwise count as slow training).
 */
export class TrainRecord {
  readonly state: TrainState;
  private readonly startedAt: number;
  private lastStepAt: number;
  private examples = 0;
  /** Numerator of the debiased moving average (TensorBoard's smoothing). */
  private average = 0;

  constructor(
    state: TrainState,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.state = state;
    this.startedAt = this.lastStepAt = now();
  }

  step(s: StepInfo): void {
    const t = this.now();
    const st = this.state;
    Object.assign(st, { step: s.globalStep, totalSteps: s.totalSteps, epoch: s.epoch });
    st.losses.push(s.loss);
    this.average = SMOOTHING * this.average + (1 - SMOOTHING) * s.loss;
    st.smoothedLosses.push(this.average / (1 - SMOOTHING ** st.losses.length));
    this.examples += s.batchSize;
    this.lastStepAt = t;
    st.seconds = (t - this.startedAt) / 1000;
    st.trainSeconds = st.seconds - st.evalSeconds;
    st.stepsPerSecond = st.trainSeconds > 0 ? st.step / st.trainSeconds : 0;
    st.imagesPerSecond = st.trainSeconds > 0 ? this.examples / st.trainSeconds : 0;
    st.etaSeconds = (st.seconds / st.step) * (st.totalSteps - st.step);
  }

  /**
   * Held-out accuracy after the last step. `evalMs`: how long the evaluation took; omitted,
   * everything since the last step is taken as evaluation (the engine's epoch-end one).
   */
  accuracy(accuracy: number, evalMs?: number): void {
    const t = this.now();
    const st = this.state;
    st.evalSeconds += (evalMs ?? t - this.lastStepAt) / 1000;
    st.seconds = (t - this.startedAt) / 1000;
    st.accuracy.push({ step: st.step, seconds: st.seconds, accuracy });
  }

  /** The run ended: its final accuracy (the last epoch's), null when stopped or failed. */
  finish(phase: TrainPhase, finalAccuracy: number | null): void {
    this.state.phase = phase;
    this.state.finalAccuracy = finalAccuracy;
    this.state.seconds = (this.now() - this.startedAt) / 1000;
    this.state.etaSeconds = phase === "done" ? 0 : null;
  }
}
