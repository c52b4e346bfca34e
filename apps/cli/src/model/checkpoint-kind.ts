import { CHECKPOINT_FORMAT } from "@llmnist/train/internal";
import { VIT_FORMAT } from "@llmnist/vit";

/** Tensor layout of a weights file: this project's (tfjs) or PyTorch's (the reference's). */
export type WeightsLayout = "llmnist" | "pytorch";

export const WEIGHTS_LAYOUTS = ["llmnist", "pytorch"] as const;

/** The "format" metadata of best.safetensors as @llmnist/train writes it. */
export const TRAIN_WEIGHTS_FORMAT = "llmnist.train.weights";

export interface CheckpointKind {
  layout: WeightsLayout;
  /** For messages: "llmnist ViT model", "training checkpoint", ... */
  label: string;
  /** Whether the file carries the ViT config (saveViT does; the trainer's files do not). */
  hasConfig: boolean;
}

/** What a safetensors file holds, from its "format" metadata; anything unmarked is taken as PyTorch. */
export function checkpointKind(metadata: Record<string, string>): CheckpointKind {
  switch (metadata.format) {
    case VIT_FORMAT:
      return { layout: "llmnist", label: "llmnist ViT model", hasConfig: true };
    case TRAIN_WEIGHTS_FORMAT:
      return { layout: "llmnist", label: "llmnist training weights", hasConfig: false };
    case CHECKPOINT_FORMAT:
      return { layout: "llmnist", label: "llmnist training checkpoint", hasConfig: false };
    default:
      return { layout: "pytorch", label: "PyTorch-layout weights", hasConfig: false };
  }
}
