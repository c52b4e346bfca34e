import type { ViTPresetName } from "@llmnist/vit";

/** How much work one preset's measurement does. */
export interface Workload {
  /** Training steps run first and not timed (tfjs compiles/allocates on the first calls). */
  warmupSteps: number;
  /** Timed training steps. */
  steps: number;
  /** Test images classified for the evaluation rate (10,000 = the whole test set). */
  evalImages: number;
  /** Single-image forward passes timed for the latency (the median is reported). */
  latencyRuns: number;
  /** Timed steps of the PyTorch reference (it adds 5 warm-up steps of its own). */
  referenceSteps: number;
  /** Reference runs; the median is reported (a shared machine makes single runs noisy). */
  referenceRepeats: number;
}

/**
 * Defaults sized so that a run of all four presets finishes in minutes on 2 cores: the large
 * presets are ~10x and ~300x the work of 0.21M per image, so they get fewer steps and images.
 */
export const DEFAULT_WORKLOADS: Record<ViTPresetName, Workload> = {
  "0.21M": { warmupSteps: 3, steps: 20, evalImages: 10_000, latencyRuns: 30, referenceSteps: 30, referenceRepeats: 3 },
  "0.25M": { warmupSteps: 3, steps: 20, evalImages: 10_000, latencyRuns: 30, referenceSteps: 30, referenceRepeats: 3 },
  "1.68M": { warmupSteps: 1, steps: 4, evalImages: 2_000, latencyRuns: 10, referenceSteps: 10, referenceRepeats: 2 },
  "53.53M": { warmupSteps: 1, steps: 2, evalImages: 100, latencyRuns: 3, referenceSteps: 2, referenceRepeats: 1 },
};

/** The batch size of the paper's protocol. */
export const BENCH_BATCH_SIZE = 32;
