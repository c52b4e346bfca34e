// Node-only (`@llmnist/vit-detector/node`): the model's own format on disk. The bytes are made
// and read by the browser-safe functions of detector-safetensors.ts.
import { readSafetensorsFile, writeSafetensorsFile } from "@llmnist/safetensors/node";
import type { VitDetectorConfig } from "./config.js";
import { vitDetectorConfigFromMetadata, vitDetectorFromSafetensors, vitDetectorToSafetensors } from "./detector-safetensors.js";
import type { VitDetector } from "./vit-detector.js";

/** Save the model: one `.safetensors` file (tfjs layouts), config in its metadata, written atomically. */
export async function saveVitDetector(model: VitDetector, path: string, extraMetadata: Record<string, string> = {}): Promise<void> {
  const { tensors, metadata } = vitDetectorToSafetensors(model, extraMetadata);
  await writeSafetensorsFile(path, tensors, metadata);
}

/** Read the config stored by `saveVitDetector` without loading weights. */
export async function readVitDetectorConfig(path: string): Promise<{ config: VitDetectorConfig; metadata: Record<string, string> }> {
  const file = await readSafetensorsFile(path);
  return { config: vitDetectorConfigFromMetadata(file.metadata, path), metadata: file.metadata };
}

/** Load a model saved by `saveVitDetector`. */
export async function loadVitDetector(path: string): Promise<VitDetector> {
  return vitDetectorFromSafetensors(await readSafetensorsFile(path), path);
}
