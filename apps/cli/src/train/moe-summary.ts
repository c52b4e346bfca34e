import type { EpochMetrics } from "@llmnist/train";
import { activeParameterCount, type VisionTransformer } from "@llmnist/vit";
import type { MoESummary, TrainSummary } from "./summary.js";

/** What summary.json adds for a mixture-of-experts run, in two parts (where they go in the file). */
export interface MoESummaryFields {
  /** Right after `params`. */
  params: Pick<TrainSummary, "params_total" | "params_active">;
  /** At the end. */
  routing: Pick<TrainSummary, "moe" | "train_aux_loss" | "train_images_per_second">;
}

/**
 * The mixture-of-experts part of summary.json: total and active parameters, the experts, the
 * best model's expert load over the test images, the last epoch's load-balancing loss and the
 * training throughput. undefined for a model without experts (its summary stays as it was).
 */
export function moeSummaryFields(
  model: VisionTransformer,
  load: number[][] | undefined,
  epochs: readonly EpochMetrics[],
  trainImagesPerSecond: number | null,
): MoESummaryFields | undefined {
  const mlp = model.vitConfig.mlp;
  if (mlp?.type !== "moe" || load === undefined) return undefined;
  const moe: MoESummary = { experts: mlp.numExperts, top_k: mlp.topK ?? 1, load };
  // Absent when the aux-loss weight is 0 (no layer reports a loss, so the engine logs none).
  const auxLoss = epochs.at(-1)?.train_aux_loss;
  return {
    params: { params_total: model.countParams(), params_active: activeParameterCount(model.vitConfig) },
    routing: { moe, ...(auxLoss === undefined ? {} : { train_aux_loss: auxLoss }), train_images_per_second: trainImagesPerSecond },
  };
}
