/** How a run distilled from a teacher (`llmnist train --teacher`): from summary.json's or run.json's `kd`. */
export interface Distillation {
  /** The teacher file as the CLI was given it (relative to the repository root for repro:tables runs). */
  teacher: string;
  /** The teacher's preset: from summary.json, or from the teacher's run folder name; undefined when unknown. */
  teacherPreset: string | undefined;
  /** Softmax temperature T of the KL term. */
  temperature: number;
  /** Weight w of the KL term: loss = (1 - w) * label loss + w * T^2 * KL(teacher || student). */
  weight: number;
}

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
  /** Present when the run distilled from a teacher; absent for plain runs. */
  distillation?: Distillation;
  /** Trained on augmented images (`llmnist train --augment`: summary.json's / run.json's `augment` not null). */
  augmented: boolean;
  /**
   * Percent of the held-out drawn digits (results/drawn-digits) the best model classifies correctly,
   * from the run's drawn-digits.json; absent until repro:tables evaluated it.
   */
  drawnDigits?: number;
  /** Present for a mixture-of-experts run (its table is apart from the paper's); absent otherwise. */
  moe?: MoEStats;
}

/** A mixture-of-experts run's extras: from summary.json's params_active, moe, train_aux_loss, train_images_per_second. */
export interface MoEStats {
  experts: number;
  topK: number;
  /** Parameters one token runs through (its top-k experts and the router). */
  paramsActive: number | undefined;
  /** [layer][expert]: the best model's share of each layer's token assignments on the test images; undefined until the run finished. */
  load: number[][] | undefined;
  /** The load-balancing loss, mean over the last epoch's steps. */
  trainAuxLoss: number | undefined;
  /** Training images per second (evaluation left out) of the session that finished the run. */
  trainImagesPerSecond: number | undefined;
}

/** The MNIST split sizes: a run without a --train-limit / --test-limit uses all of them. */
export const FULL_TRAIN = 60_000;
export const FULL_TEST = 10_000;

/** A count as the tables write it: "214,090". */
export const formatCount = (n: number): string => n.toLocaleString("en-US");
