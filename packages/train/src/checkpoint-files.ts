// Node-only: the engine's checkpoint and weights files on disk (the contents are checkpoint.ts's).
import type * as tf from "@tensorflow/tfjs-core";
import { readSafetensorsFile, writeSafetensorsFile } from "@llmnist/safetensors/node";
import type { AdamW } from "./adamw.js";
import { checkpointContents, parseCheckpoint, weightsContents, type LoadedCheckpoint, type TrainState } from "./checkpoint.js";

/** Writes the model's parameters (F32, named as namedParameters) atomically. */
export async function saveWeights(path: string, params: Array<[string, tf.Variable]>, metadata: Record<string, string> = {}): Promise<void> {
  const contents = weightsContents(params, metadata);
  await writeSafetensorsFile(path, contents.tensors, contents.metadata);
}

/** Writes parameters + AdamW moments + state atomically. */
export async function saveCheckpoint(path: string, params: Array<[string, tf.Variable]>, optimizer: AdamW, state: TrainState, metadata: Record<string, string> = {}): Promise<void> {
  const contents = checkpointContents(params, optimizer, state, metadata);
  await writeSafetensorsFile(path, contents.tensors, contents.metadata);
}

/** Reads a checkpoint written by saveCheckpoint; throws naming the file when it is not one. */
export async function loadCheckpoint(path: string): Promise<LoadedCheckpoint> {
  return parseCheckpoint(await readSafetensorsFile(path), path);
}
