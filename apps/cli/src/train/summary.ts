import type { LossOptions } from "@llmnist/cpo-loss";
import type { AugmentOptions } from "@llmnist/mnist-data";

/** summary.json: what a finished `llmnist train` run achieved. */
export interface TrainSummary {
  preset: string;
  loss: string;
  /** The options the loss read, defaults filled in (as in run.json); absent for ce. */
  loss_options?: LossOptions;
  seed: number;
  epochs: number;
  batch: number;
  train_images: number;
  test_images: number;
  /** Percent on the test images, best epoch (the paper's tables most likely report this). */
  best_accuracy: number;
  best_epoch: number;
  /** Percent on the test images after the last epoch. */
  final_accuracy: number;
  /** Trainable parameters. */
  params: number;
  /** Mixture-of-experts runs only: all parameters (= params). */
  params_total?: number;
  /** Mixture-of-experts runs only: parameters one token runs through (its top-k experts and the router). */
  params_active?: number;
  /** The backend of the session that finished the run. */
  backend: string;
  /** Threads of the session that finished the run (2: data-parallel). */
  threads: number;
  /** Training and per-epoch evaluation time, summed over resumed sessions. */
  wall_seconds: number;
  /** How the run was started (the last session's command line). */
  command: string;
  /** Present when the training images were augmented (--augment): every option, as in run.json. */
  augment?: AugmentOptions;
  /** Present when the run distilled from a teacher (--teacher). */
  kd?: {
    teacher: string;
    teacher_preset: string;
    teacher_params: number;
    /** Percent on the run's test images. */
    teacher_test_accuracy: number;
    temperature: number;
    weight: number;
  };
  /** Mixture-of-experts runs only (see MoESummary). */
  moe?: MoESummary;
  /** Mixture-of-experts runs only: the load-balancing loss, mean over the last epoch's steps (metrics.jsonl). */
  train_aux_loss?: number;
  /**
   * Mixture-of-experts runs only: training images per second of the session that finished the
   * run, evaluation left out (TrainThroughput); null when that session trained no full epoch step.
   */
  train_images_per_second?: number | null;
}

/** summary.json's `moe`: the experts and how the best model spread the test images' tokens over them. */
export interface MoESummary {
  experts: number;
  top_k: number;
  /**
   * [layer][expert]: the fraction of the layer's token assignments (tokens x top_k) that went to
   * each expert over the test images, for the best model; each layer's sums to 1 (1 / experts
   * each when balanced).
   */
  load: number[][];
}
