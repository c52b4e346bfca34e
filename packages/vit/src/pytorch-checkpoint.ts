import * as tf from "@tensorflow/tfjs-core";
import { rawToTensor, readSafetensorsFile, type SafetensorsFile, writeSafetensorsFile, tensorsToSafetensors } from "@llmnist/safetensors";
import { fromTorchLayout, roleOf, toTorchLayout, torchShapeOf } from "./pytorch-layout.js";
import type { VisionTransformer } from "./vision-transformer.js";

/**
 * Load PyTorch weights (names and layouts of the reference `vit_reference.py`) into a model.
 * Every parameter must be present with the right shape; extra tensors are an error too,
 * since they usually mean the wrong preset.
 */
export function loadPyTorchState(model: VisionTransformer, file: SafetensorsFile, source: string): void {
  const patchSize = model.vitConfig.patchSize;
  const params = model.namedParameters();
  const expected = new Set(params.map(([name]) => name));
  const missing = params.map(([name]) => name).filter((name) => !file.tensors.has(name));
  const unexpected = [...file.tensors.keys()].filter((name) => !expected.has(name));
  if (missing.length > 0 || unexpected.length > 0) {
    const parts = [];
    if (missing.length > 0) parts.push(`missing ${missing.length}: ${missing.slice(0, 8).join(", ")}${missing.length > 8 ? ", ..." : ""}`);
    if (unexpected.length > 0) parts.push(`unexpected ${unexpected.length}: ${unexpected.slice(0, 8).join(", ")}${unexpected.length > 8 ? ", ..." : ""}`);
    throw new Error(`${source}: does not match the ViT (${describe(model)}): ${parts.join("; ")}`);
  }
  const converted: Array<[tf.Variable, tf.Tensor]> = [];
  try {
    for (const [name, variable] of params) {
      const raw = file.tensors.get(name)!;
      const role = roleOf(name, variable.rank);
      const wantTorchShape = torchShapeOf(role, variable.shape, patchSize);
      if (raw.shape.length !== wantTorchShape.length || raw.shape.some((v, i) => v !== wantTorchShape[i])) {
        throw new Error(`${source}: tensor ${name}: expected shape [${wantTorchShape.join(", ")}] for ${describe(model)}, got [${raw.shape.join(", ")}]`);
      }
      const torch = rawToTensor(raw);
      converted.push([variable, fromTorchLayout(role, torch, patchSize)]);
      torch.dispose();
    }
    // Assign only once everything converted: a bad file leaves the model untouched.
    for (const [variable, value] of converted) variable.assign(value);
  } finally {
    for (const [, value] of converted) value.dispose();
  }
}

/** Read a PyTorch-layout `.safetensors` file into the model. */
export async function importPyTorchCheckpoint(model: VisionTransformer, path: string): Promise<void> {
  loadPyTorchState(model, await readSafetensorsFile(path), path);
}

/** The model's weights as PyTorch tensors (names and layouts), e.g. for `torch.load`-free interop. */
export function toPyTorchState(model: VisionTransformer): Map<string, tf.Tensor> {
  const patchSize = model.vitConfig.patchSize;
  return new Map(model.namedParameters().map(([name, variable]) => [name, toTorchLayout(roleOf(name, variable.rank), variable, patchSize)]));
}

/** Write a `.safetensors` file that the PyTorch reference loads with `load_state_dict`. */
export async function exportPyTorchCheckpoint(model: VisionTransformer, path: string): Promise<void> {
  const state = toPyTorchState(model);
  try {
    await writeSafetensorsFile(path, tensorsToSafetensors(state), { format: "pt", source: "llmnist" });
  } finally {
    for (const t of state.values()) t.dispose();
  }
}

function describe(model: VisionTransformer): string {
  const c = model.vitConfig;
  return `layers=${c.numLayers} patch=${c.patchSize} dim=${c.hiddenSize} hidden=${c.intermediateSize} n_q=${c.numHeads} n_kv=${c.numKvHeads}`;
}
