import { assignNamedTensors, type SafetensorsFile, tensorsToSafetensors, type WritableTensor } from "@llmnist/safetensors";
import { resolveVitDetectorConfig, type VitDetectorConfig } from "./config.js";
import { createVitDetector, type VitDetector } from "./vit-detector.js";

/** Marks files written by `saveVitDetector`. */
export const VIT_DETECTOR_FORMAT = "llmnist.vit-detector.v1";

/**
 * The model as safetensors input (tfjs layouts), with metadata carrying the config:
 * `serializeSafetensors(tensors, metadata)` gives the bytes `saveVitDetector` writes.
 * `extraMetadata` is stored alongside; it cannot override `format` or `config`.
 */
export function vitDetectorToSafetensors(
  model: VitDetector,
  extraMetadata: Record<string, string> = {},
): { tensors: Record<string, WritableTensor>; metadata: Record<string, string> } {
  return {
    tensors: tensorsToSafetensors(model.namedParameters()),
    metadata: { ...extraMetadata, format: VIT_DETECTOR_FORMAT, config: JSON.stringify(model.detectorConfig) },
  };
}

/** The config stored by `vitDetectorToSafetensors`; `source` (a path or URL) names the file in errors. */
export function vitDetectorConfigFromMetadata(metadata: Record<string, string>, source: string): VitDetectorConfig {
  if (metadata.format !== VIT_DETECTOR_FORMAT) {
    throw new Error(`${source}: not an llmnist ViT detector file: metadata.format is ${JSON.stringify(metadata.format ?? null)}, expected "${VIT_DETECTOR_FORMAT}"`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(metadata.config ?? "");
  } catch {
    throw new Error(`${source}: metadata.config is not valid JSON`);
  }
  return resolveVitDetectorConfig(parsed as Partial<VitDetectorConfig>);
}

/**
 * A model from a parsed file in its own format (e.g. `parseSafetensors(bytes, url)` of fetched
 * bytes). Every weight is checked before any is assigned; on error nothing is leaked.
 */
export function vitDetectorFromSafetensors(file: SafetensorsFile, source: string): VitDetector {
  const model = createVitDetector(vitDetectorConfigFromMetadata(file.metadata, source));
  try {
    assignNamedTensors(model.namedParameters(), file.tensors, { source, target: "the detector config in its metadata" });
  } catch (error) {
    model.disposeWeights();
    throw error;
  }
  return model;
}
