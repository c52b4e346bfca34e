import type * as tf from "@tensorflow/tfjs-core";
import { createMnistVL } from "./mnistvl-checkpoint.js";
import type { MnistVL } from "./mnistvl-model.js";
import type { MnistVLPreset } from "./presets.js";
import { ActiveVocabulary } from "./text-head.js";
import type { ChatTokenizer } from "./chat-tokenizer.js";
import { promptVocabulary } from "./vision-prompt.js";

/**
 * A from-scratch model ready to train: random weights, embedding rows outside the prompt's
 * vocabulary set to zero, and the parameter list (everything but the full embedding table,
 * whose live rows train as the active-vocabulary table).
 */
export function prepareScratchModel(preset: MnistVLPreset, tokenizer: ChatTokenizer): { vl: MnistVL; vocab: ActiveVocabulary; params: Array<[string, tf.Variable]> } {
  const vl = createMnistVL(preset.spec, tokenizer, preset.training.seed);
  const vocab = ActiveVocabulary.fromModel(vl.lm, promptVocabulary(vl.prompt));
  vocab.writeInto(vl.lm);
  const params: Array<[string, tf.Variable]> = [
    ...vl.namedWeights().filter(([name]) => name !== "model.embed_tokens.weight"),
    ["model.embed_tokens.active_rows", vocab.table],
  ];
  return { vl, vocab, params };
}

