/** One run as the tables see it: finished (from summary.json) or partial (from metrics.jsonl). */
export interface RunRecord {
  /** The run folder (for messages). */
  dir: string;
  preset: string;
  loss: string;
  seed: number;
  /** Epochs finished. */
  epochsDone: number;
  /** Epochs asked for (undefined when unknown). */
  epochsPlanned: number | undefined;
  /** Percent, best epoch. */
  bestAccuracy: number;
  /** Percent, last finished epoch. */
  finalAccuracy: number;
  params: number | undefined;
  backend: string | undefined;
  /** Training + evaluation wall time so far. */
  wallSeconds: number;
  /** true: the run has not finished (no summary.json). */
  partial: boolean;
  trainImages: number;
  testImages: number;
}
