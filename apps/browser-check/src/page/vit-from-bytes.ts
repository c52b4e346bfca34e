import { assignNamedTensors, parseSafetensors } from "@llmnist/safetensors";
import { createVisionTransformer, type ViTConfig, type VisionTransformer } from "@llmnist/vit";

/**
 * A ViT from the bytes of a file written by saveViT (its config is in the metadata), with
 * only browser-safe APIs: no file system, the bytes come from fetch.
 */
export function vitFromBytes(bytes: Uint8Array, source: string): VisionTransformer {
  const file = parseSafetensors(bytes, source);
  let config: Partial<ViTConfig>;
  try {
    config = JSON.parse(file.metadata.config ?? "") as Partial<ViTConfig>;
  } catch {
    throw new Error(`${source}: metadata.config must be the ViT config as JSON, got ${JSON.stringify(file.metadata.config ?? null)}`);
  }
  const model = createVisionTransformer(config);
  assignNamedTensors(model.namedParameters(), file.tensors, { source, target: "the ViT" });
  return model;
}
