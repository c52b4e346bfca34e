// Node-only (`@llmnist/vit/node`): PyTorch-layout `.safetensors` files on disk. The layout
// conversion itself is browser-safe (pytorch-state.ts).
import { tensorsToSafetensors } from "@llmnist/safetensors";
import { readSafetensorsFile, writeSafetensorsFile } from "@llmnist/safetensors/node";
import { loadPyTorchState, toPyTorchState } from "./pytorch-state.js";
import type { VisionTransformer } from "./vision-transformer.js";

/** Read a PyTorch-layout `.safetensors` file into the model. */
export async function importPyTorchCheckpoint(model: VisionTransformer, path: string): Promise<void> {
  loadPyTorchState(model, await readSafetensorsFile(path), path);
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
