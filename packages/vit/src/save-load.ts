import { rawToTensor, readSafetensorsFile, tensorsToSafetensors, writeSafetensorsFile } from "@llmnist/safetensors";
import { resolveViTConfig, type ViTConfig } from "./config.js";
import { createVisionTransformer, type VisionTransformer } from "./vision-transformer.js";

/** Marks files written by `saveViT`, so a PyTorch file is not mistaken for one. */
export const VIT_FORMAT = "llmnist.vit.v1";

/**
 * Save the model in its own format: one `.safetensors` file (tfjs layouts) whose metadata
 * carries the config, written atomically. `extraMetadata` is stored alongside (strings).
 */
export async function saveViT(model: VisionTransformer, path: string, extraMetadata: Record<string, string> = {}): Promise<void> {
  await writeSafetensorsFile(path, tensorsToSafetensors(model.namedParameters()), {
    ...extraMetadata,
    format: VIT_FORMAT,
    config: JSON.stringify(model.vitConfig),
  });
}

/** Read the config stored by `saveViT` without loading weights. */
export async function readViTConfig(path: string): Promise<{ config: ViTConfig; metadata: Record<string, string> }> {
  const file = await readSafetensorsFile(path);
  return { config: configFromMetadata(file.metadata, path), metadata: file.metadata };
}

/** Load a model saved by `saveViT`. */
export async function loadViT(path: string): Promise<VisionTransformer> {
  const file = await readSafetensorsFile(path);
  const config = configFromMetadata(file.metadata, path);
  const model = createVisionTransformer(config);
  const params = model.namedParameters();
  for (const [name, variable] of params) {
    const raw = file.tensors.get(name);
    if (!raw) throw new Error(`${path}: missing tensor ${name}`);
    if (raw.shape.join(",") !== variable.shape.join(",")) {
      throw new Error(`${path}: tensor ${name}: expected shape [${variable.shape.join(", ")}], got [${raw.shape.join(", ")}]`);
    }
    const value = rawToTensor(raw);
    variable.assign(value);
    value.dispose();
  }
  return model;
}

function configFromMetadata(metadata: Record<string, string>, path: string): ViTConfig {
  if (metadata.format !== VIT_FORMAT) {
    const hint = " (for a PyTorch-layout checkpoint use importPyTorchCheckpoint, or --format pytorch in the CLI)";
    throw new Error(`${path}: not an llmnist ViT file: metadata.format is ${JSON.stringify(metadata.format ?? null)}, expected "${VIT_FORMAT}"${hint}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(metadata.config ?? "");
  } catch {
    throw new Error(`${path}: metadata.config is not valid JSON`);
  }
  return resolveViTConfig(parsed as Partial<ViTConfig>);
}

