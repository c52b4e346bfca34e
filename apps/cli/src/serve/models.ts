import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import { loadMnistVL, loadQwenTokenizer } from "@llmnist/mnistvl/node";
import type { VisionTransformer } from "@llmnist/vit";
import type { VitDetector } from "@llmnist/vit-detector";
import { loadVitDetector } from "@llmnist/vit-detector/node";
import { UsageError } from "../command.js";
import { loadModelFile, type LoadModelOptions } from "../model/load-model.js";
import { ChatEngine } from "./chat-engine.js";

/** The id chat requests name. */
export const CHAT_MODEL_ID = "mnistvl";
/** The id /v1/detect answers with. */
export const DETECTOR_MODEL_ID = "vit-detector";

/** A served model as /v1/models lists it. */
export interface ModelCard {
  id: string;
  object: "model";
  /** The weight file's modification time, unix seconds. */
  created: number;
  owned_by: "llmnist";
}

export interface ServeModels {
  vit: VisionTransformer;
  chat: ChatEngine;
  /** The digit detector for /v1/detect, when one was given. */
  detector?: { model: VitDetector; card: ModelCard };
  /** [the ViT (`vit-<preset>`, e.g. vit-0.21m), MnistVL], then the detector's when loaded. */
  cards: [ModelCard, ModelCard, ...ModelCard[]];
  dispose(): void;
}

const card = async (id: string, file: string): Promise<ModelCard> => ({
  id,
  object: "model",
  created: Math.floor((await stat(file)).mtimeMs / 1000),
  owned_by: "llmnist",
});

/** Loads the ViT (any file `llmnist predict` reads) and MnistVL (a vl-train model) with the bundled tokenizer. */
export async function loadServeModels(options: {
  checkpoint: string;
  vlCheckpoint: string;
  /** A detector file; undefined: no /v1/detect. */
  detectorCheckpoint?: string | undefined;
  load?: LoadModelOptions;
  log: (line: string) => void;
}): Promise<ServeModels> {
  const vitFile = resolve(options.checkpoint);
  const vlFile = resolve(options.vlCheckpoint);
  const vit = await loadModelFile(vitFile, options.load);
  options.log(vit.description);
  try {
    await stat(vlFile);
  } catch {
    vit.model.disposeWeights();
    throw new UsageError(`MnistVL model not found: ${vlFile}`);
  }
  const tokenizer = await loadQwenTokenizer();
  const { vl } = await loadMnistVL(vlFile, tokenizer);
  options.log(`model: MnistVL (${vl.imageTokens} image tokens, hidden size ${vl.lm.qwenConfig.hiddenSize}) from ${vlFile}`);
  const chat = new ChatEngine(vl, tokenizer);
  let detector: ServeModels["detector"];
  if (options.detectorCheckpoint !== undefined) {
    const file = resolve(options.detectorCheckpoint);
    const model = await loadVitDetector(file).catch((error: Error) => {
      chat.dispose();
      vl.dispose();
      vit.model.disposeWeights();
      throw new UsageError(`detector: ${error.message}`);
    });
    options.log(`model: ViT detector (${model.countParams().toLocaleString("en-US")} parameters) from ${file}`);
    detector = { model, card: await card(DETECTOR_MODEL_ID, file) };
  }
  return {
    vit: vit.model,
    chat,
    ...(detector ? { detector } : {}),
    cards: [await card(`vit-${vit.preset.toLowerCase()}`, vitFile), await card(CHAT_MODEL_ID, vlFile), ...(detector ? [detector.card] : [])],
    dispose() {
      chat.dispose();
      vl.dispose();
      vit.model.disposeWeights();
      detector?.model.disposeWeights();
    },
  };
}
