import type { MnistSplit } from "@llmnist/mnist-data";
import type { TaskParts } from "@llmnist/train";
import type { MnistVLPreset } from "./presets.js";
import { prepareScratchModel } from "./scratch-model.js";
import { loadQwenTokenizer } from "./tokenizer.js";
import { mnistvlTaskParts } from "./vl-task.js";

/** A data-parallel replica of a scratch preset's training: the same model, parameters and task. */
export async function mnistvlScratchReplica(preset: MnistVLPreset, train: MnistSplit, test: MnistSplit): Promise<TaskParts> {
  const tokenizer = await loadQwenTokenizer();
  const { vl, vocab, params } = prepareScratchModel(preset, tokenizer);
  const t = preset.training;
  return mnistvlTaskParts({ vl, head: vocab, params, train, test, tokenizer, seed: t.seed, augment: t.augment });
}

