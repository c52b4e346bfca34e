// Node-only (`@llmnist/vit/node`): the model's own format on disk. The bytes are made and read
// by the browser-safe functions of vit-safetensors.ts.
import { readSafetensorsFile, writeSafetensorsFile } from "@llmnist/safetensors/node";
import type { ViTConfig } from "./config.js";
import type { VisionTransformer } from "./vision-transformer.js";
import { vitConfigFromMetadata, vitFromSafetensors, vitToSafetensors } from "./vit-safetensors.js";

/**
 * Save the model in its own format: one `.safetensors` file (tfjs layouts) whose metadata
 * carries the config, written atomically. `extraMetadata` is stored alongside (strings).
 */
export async function saveViT(model: VisionTransformer, path: string, extraMetadata: Record<string, string> = {}): Promise<void> {
  const { tensors, metadata } = vitToSafetensors(model, extraMetadata);
  await writeSafetensorsFile(path, tensors, metadata);
}

/** Read the config stored by `saveViT` without loading weights. */
export async function readViTConfig(path: string): Promise<{ config: ViTConfig; metadata: Record<string, string> }> {
  const file = await readSafetensorsFile(path);
  return { config: vitConfigFromMetadata(file.metadata, path), metadata: file.metadata };
}

/** Load a model saved by `saveViT`. */
export async function loadViT(path: string): Promise<VisionTransformer> {
  return vitFromSafetensors(await readSafetensorsFile(path), path);
}
