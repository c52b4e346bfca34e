import type { ViTPresetName } from "@llmnist/vit";
import type { Measurement } from "./measure.js";

/** One preset's line of a bench:train run: our numbers, the reference's, or why either is missing. */
export interface BenchRow extends Partial<Omit<Measurement, "preset">> {
  preset: ViTPresetName;
  /** Why our measurement is missing. */
  error?: string;
  reference_impl?: string;
  /**
   * reference_* and ratio are those of the fastest thread count measured (the strictest
   * comparison); `references` has every thread count.
   */
  reference_images_per_s?: number;
  /** images/s of each reference run. */
  reference_runs?: number[];
  reference_threads?: number;
  /** ours / PyTorch training images/s (with several rounds: the median of the rounds' ratios). */
  ratio?: number;
  /** Each round's pair, when there were several (--rounds). */
  rounds?: BenchRound[];
  /** The reference at each torch thread count measured (--ref-threads), in the order asked. */
  references?: ReferenceAtThreads[];
  /** Why the reference's number is missing. */
  reference_error?: string;
}

/** One ours-then-reference pair of a --rounds run. */
export interface BenchRound {
  images_per_s?: number;
  reference_images_per_s: number;
  ratio?: number;
}

/** The reference at one torch thread count, paired with our numbers like the row's. */
export interface ReferenceAtThreads {
  threads: number;
  /** Median of the rounds' medians. */
  images_per_s: number;
  runs: number[];
  ratio?: number;
  rounds?: BenchRound[];
}

/** ours / reference, when both ran. */
export function trainRatio(ours: number | undefined, reference: number | undefined): number | undefined {
  if (ours === undefined || reference === undefined || !(reference > 0)) return undefined;
  return ours / reference;
}
