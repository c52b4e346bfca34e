import { readSafetensorsFile, writeSafetensorsFile } from "@llmnist/safetensors/node";
import { mnistVLFromFile, mnistVLTensors, specMetadata, type MnistVLSpec } from "./mnistvl-checkpoint.js";
import type { MnistVL } from "./mnistvl-model.js";
import type { ActiveVocabulary } from "./text-head.js";
import type { ChatTokenizer } from "./chat-tokenizer.js";

/** Writes the model (and a scratch model's active vocabulary) with its spec as metadata, atomically. */
export async function saveMnistVL(path: string, vl: MnistVL, spec: MnistVLSpec, vocab: ActiveVocabulary | null): Promise<void> {
  await writeSafetensorsFile(path, mnistVLTensors(vl, vocab), specMetadata(spec));
}

/** Loads a model written by saveMnistVL (a training checkpoint's optimizer state, `adamw.*`, is skipped). */
export async function loadMnistVL(path: string, tokenizer: ChatTokenizer): Promise<{ vl: MnistVL; spec: MnistVLSpec }> {
  return mnistVLFromFile(await readSafetensorsFile(path), tokenizer, path);
}
