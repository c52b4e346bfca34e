function where(epoch: number, step: number): string {
  return `epoch ${epoch} step ${step}`;
}

function resumeHint(checkpoint: string | undefined): string {
  return checkpoint === undefined
    ? "no checkpoint was written yet"
    : `resume from ${checkpoint} (resume: true)`;
}

/** The loss of a batch was NaN or infinite; parameters were not updated with it. */
export class NonFiniteLossError extends Error {
  /** 1-based epoch. */
  readonly epoch: number;
  /** 1-based step within the epoch. */
  readonly step: number;
  readonly value: number;
  /** The last checkpoint written, if any. */
  readonly checkpoint: string | undefined;

  constructor(epoch: number, step: number, value: number, checkpoint?: string) {
    super(`non-finite loss ${value} at ${where(epoch, step)}; ${resumeHint(checkpoint)}`);
    this.name = "NonFiniteLossError";
    this.epoch = epoch;
    this.step = step;
    this.value = value;
    this.checkpoint = checkpoint;
  }
}

/** Training stopped because its AbortSignal fired; a checkpoint was written first when there is an outDir. */
export class TrainingAbortedError extends Error {
  /** Epochs completed. */
  readonly epochsDone: number;
  /** Steps done in the epoch that was interrupted. */
  readonly stepInEpoch: number;
  readonly checkpoint: string | undefined;

  constructor(epochsDone: number, stepInEpoch: number, checkpoint?: string) {
    super(
      `training aborted after ${epochsDone} epochs and ${stepInEpoch} steps of epoch ${epochsDone + 1}; ` +
        resumeHint(checkpoint),
    );
    this.name = "AbortError";
    this.epochsDone = epochsDone;
    this.stepInEpoch = stepInEpoch;
    this.checkpoint = checkpoint;
  }
}
