import { existsSync } from "node:fs";
import { assignNamedTensors, type SafetensorsFile } from "@llmnist/safetensors";
import { readSafetensorsFile } from "@llmnist/safetensors/node";
import { createVisionTransformer, loadPyTorchState, resolveViTConfig, type ViTConfig, type VisionTransformer } from "@llmnist/vit";
import { UsageError } from "../command.js";
import { checkpointKind, type CheckpointKind, type WeightsLayout } from "./checkpoint-kind.js";
import { inferPreset } from "./infer-config.js";
import { parameterCounts } from "./parameter-counts.js";
import { isPresetName, PRESET_NAMES, presetNameOf } from "./preset-name.js";

export interface LoadModelOptions {
  /** "auto" (default) reads the file's metadata; naming a layout makes a mismatch an error. */
  format?: WeightsLayout | "auto";
  /** Needed only when the file's shapes do not identify a preset. */
  preset?: string;
}

export interface LoadedModel {
  model: VisionTransformer;
  config: ViTConfig;
  /** The preset name, or "custom". */
  preset: string;
  kind: CheckpointKind;
  metadata: Record<string, string>;
  /** One line for the user: what was loaded from where. */
  description: string;
}

/**
 * Loads a ViT from any of the project's weight files: saveViT models, the trainer's
 * best.safetensors and checkpoint.safetensors (tfjs layout, no config: the preset is read off
 * the shapes), or PyTorch-layout files of the reference implementation (or of `toPyTorchState`,
 * whose mixture-of-experts weights carry Qwen2-MoE's names; their routing options come from the preset).
 */
export async function loadModelFile(path: string, options: LoadModelOptions = {}): Promise<LoadedModel> {
  if (!existsSync(path)) throw new UsageError(`checkpoint not found: ${path}`);
  if (options.preset !== undefined && !isPresetName(options.preset)) {
    throw new UsageError(`--preset must be one of ${PRESET_NAMES.join(", ")}, got ${JSON.stringify(options.preset)}`);
  }
  const file = await readSafetensorsFile(path); // its errors name the file and what is wrong
  const kind = checkpointKind(file.metadata);
  const format = options.format ?? "auto";
  if (format !== "auto" && format !== kind.layout) {
    throw new UsageError(
      `--format ${format}, but ${path} is ${kind.label} (metadata format ${JSON.stringify(file.metadata.format ?? null)}); ` +
        `use --format ${kind.layout} or leave --format out`,
    );
  }
  const config = configFor(file, kind, path, options.preset);
  const model = createVisionTransformer(config);
  if (kind.layout === "pytorch") loadPyTorchState(model, file, path);
  else assignLlmnistWeights(model, file, path);
  const preset = presetNameOf(config);
  const params = parameterCounts(model);
  const extras = ["epoch", "test_accuracy"]
    .filter((k) => file.metadata[k] !== undefined)
    .map((k) => `${k.replace("_", " ")} ${file.metadata[k]}`);
  const description =
    `model: ViT ${preset} (${params}), ${kind.label} from ${path}` + (extras.length > 0 ? ` (${extras.join(", ")})` : "");
  return { model, config, preset, kind, metadata: file.metadata, description };
}

function configFor(file: SafetensorsFile, kind: CheckpointKind, path: string, preset: string | undefined): ViTConfig {
  if (!kind.hasConfig) return resolveViTConfig(preset ?? inferPreset(file, kind.layout, path));
  let stored: ViTConfig;
  try {
    stored = resolveViTConfig(JSON.parse(file.metadata.config ?? "") as Partial<ViTConfig>);
  } catch (error) {
    throw new Error(`${path}: the stored ViT config (metadata "config") is unusable: ${(error as Error).message}`);
  }
  if (preset !== undefined && presetNameOf(stored) !== preset) {
    throw new UsageError(`--preset ${preset}, but ${path} holds a ${presetNameOf(stored)} model; leave --preset out for this file`);
  }
  return stored;
}

/** Copies tfjs-layout tensors into the model by parameter name (a checkpoint's optimizer state, `adamw.*`, is skipped). */
function assignLlmnistWeights(model: VisionTransformer, file: SafetensorsFile, path: string): void {
  assignNamedTensors(model.namedParameters(), file.tensors, {
    source: path,
    target: `the ViT ${presetNameOf(model.vitConfig)}`,
    allowUnused: (name) => name.startsWith("adamw."),
  });
}
