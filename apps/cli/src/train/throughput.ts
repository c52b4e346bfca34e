import type { StepInfo } from "@llmnist/train";

/**
 * Training images per second of this session, from the time between consecutive steps of an
 * epoch: the gap before an epoch's first step holds the previous epoch's evaluation (and the
 * session's start-up), so that step is left out. Checkpoint writes stay in (they are training's cost).
 */
export class TrainThroughput {
  private lastStepAt: number | null = null;
  private images = 0;
  private seconds = 0;

  constructor(private readonly now: () => number = () => performance.now()) {}

  /** Give it every StepInfo (trainClassifier's onStep). */
  readonly onStep = (info: StepInfo): void => {
    const at = this.now();
    if (this.lastStepAt !== null && info.step > 1) {
      this.images += info.batchSize;
      this.seconds += (at - this.lastStepAt) / 1000;
    }
    this.lastStepAt = at;
  };

  /** null until two steps of one epoch were seen (e.g. a resumed run that had nothing left). */
  imagesPerSecond(): number | null {
    return this.seconds > 0 ? this.images / this.seconds : null;
  }
}
