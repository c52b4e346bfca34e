import type { LossOptions } from "@llmnist/cpo-loss";

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
  /** The backend of the session that finished the run. */
  backend: string;
  /** Threads of the session that finished the run (2: data-parallel). */
  threads: number;
  /** Training and per-epoch evaluation time, summed over resumed sessions. */
  wall_seconds: number;
  /** How the run was started (the last session's command line). */
  command: string;
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
}
