import { assignNamedTensors, type SafetensorsFile, tensorsToSafetensors, type WritableTensor } from "@llmnist/safetensors";
import { resolveViTConfig, type ViTConfig } from "./config.js";
import { createVisionTransformer, type VisionTransformer } from "./vision-transformer.js";

/** Marks files written by `saveViT`, so a PyTorch file is not mistaken for one. */
export const VIT_FORMAT = "llmnist.vit.v1";

/**
 * The model in its own format as safetensors input (tfjs layouts), with metadata carrying the
 * config: `serializeSafetensors(tensors, metadata)` gives the bytes `saveViT` writes.
 * `extraMetadata` is stored alongside; it cannot override `format` or `config`.
 */
export function vitToSafetensors(
  model: VisionTransformer,
  extraMetadata: Record<string, string> = {},
): { tensors: Record<string, WritableTensor>; metadata: Record<string, string> } {
  return {
    tensors: tensorsToSafetensors(model.namedParameters()),
    metadata: { ...extraMetadata, format: VIT_FORMAT, config: JSON.stringify(model.vitConfig) },
  };
}

/** The config stored by `vitToSafetensors`; `source` (a path or URL) names the file in errors. */
export function vitConfigFromMetadata(metadata: Record<string, string>, source: string): ViTConfig {
  if (metadata.format !== VIT_FORMAT) {
    const hint = " (for a PyTorch-layout checkpoint use importPyTorchCheckpoint, or --format pytorch in the CLI)";
    throw new Error(`${source}: not an llmnist ViT file: metadata.format is ${JSON.stringify(metadata.format ?? null)}, expected "${VIT_FORMAT}"${hint}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(metadata.config ?? "");
  } catch {
    throw new Error(`${source}: metadata.config is not valid JSON`);
  }
  return resolveViTConfig(parsed as Partial<ViTConfig>);
}

/**
 * A model from a parsed file in its own format (e.g. `parseSafetensors(bytes, url)` of fetched
 * bytes). Every weight is checked before any is assigned; on error nothing is leaked.
 */
export function vitFromSafetensors(file: SafetensorsFile, source: string): VisionTransformer {
  const config = vitConfigFromMetadata(file.metadata, source);
  const model = createVisionTransformer(config);
  try {
    assignNamedTensors(model.namedParameters(), file.tensors, { source, target: "the ViT config in its metadata" });
  } catch (error) {
    model.disposeWeights();
    throw error;
  }
  return model;
}
