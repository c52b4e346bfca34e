import type { MnistSplit } from "@llmnist/mnist-data";
import type { TaskParts } from "@llmnist/train";
import * as tf from "@tensorflow/tfjs-core";
import type { DistortOptions } from "./augment.js";
import type { ChatTokenizer } from "./chat-tokenizer.js";
import { mnistvlDistillParts, type VLDistillWeights, type VLModelHead } from "./distill-task.js";
import type { MnistVLSpec } from "./mnistvl-checkpoint.js";
import { loadMnistVL } from "./mnistvl-file.js";
import type { Qwen2ForCausalLM } from "./qwen2-model.js";
import type { MnistVLPreset } from "./presets.js";
import { prepareScratchModel } from "./scratch-model.js";
import { ActiveVocabulary } from "./text-head.js";
import { loadQwenTokenizer } from "./tokenizer.js";
import { promptVocabulary } from "./vision-prompt.js";

/** The three LLaVA-KD stages: distilled pre-training, supervised fine-tuning, distilled fine-tuning. */
export type VLDistillStageName = "dpt" | "sft" | "dft";
export const VL_DISTILL_STAGES: readonly VLDistillStageName[] = ["dpt", "sft", "dft"];

/** What a stage trains: DPT the projector only; SFT and DFT the projector and the LM. */
export function stageTrainsLm(stage: VLDistillStageName): boolean {
  return stage !== "dpt";
}

/** Everything that defines one stage's task; plain data, so a data-parallel replica can rebuild it. */
export interface VLDistillStageSpec {
  stage: VLDistillStageName;
  /** The student preset (scratch); its training.seed seeds a fresh student. */
  studentPreset: MnistVLPreset;
  /** The student's weights at the start of the stage (the previous stage's model); null: fresh from the preset. */
  studentStart: string | null;
  /** Path of the teacher model (a scratch MnistVL written by saveMnistVL); unread when every KD weight is 0. */
  teacherPath: string;
  weights: VLDistillWeights;
  temperature: number;
  seed: number;
  augment: DistortOptions | null;
  /** Training example of each of the stage's example indices (a seeded draw from the training set). */
  exampleMap: Uint32Array;
  train: MnistSplit;
  test: MnistSplit;
}

/** A built stage: the task, and the models (for saving the student and disposing). */
export interface VLDistillStage {
  parts: TaskParts;
  student: VLModelHead & { spec: MnistVLSpec };
  teacher: VLModelHead | null;
  dispose(): void;
}

/** The student and (when a KD weight is set) the teacher of a stage, and its engine task. */
export async function buildDistillStage(spec: VLDistillStageSpec, tokenizer: ChatTokenizer): Promise<VLDistillStage> {
  const usesTeacher = spec.weights.res > 0 || spec.weights.vis > 0 || spec.weights.rel > 0;
  const teacher = usesTeacher ? await loadScratchModel(spec.teacherPath, tokenizer, "teacher") : null;
  let student: VLModelHead & { spec: MnistVLSpec };
  let allParams: Array<[string, tf.Variable]>;
  if (spec.studentStart === null) {
    const fresh = prepareScratchModel(spec.studentPreset, tokenizer);
    student = { vl: fresh.vl, head: fresh.vocab, spec: spec.studentPreset.spec };
    allParams = fresh.params;
  } else {
    const loaded = await loadScratchModel(spec.studentStart, tokenizer, "student");
    student = loaded;
    allParams = [...loaded.vl.namedWeights().filter(([name]) => name !== "model.embed_tokens.weight"), ["model.embed_tokens.active_rows", loaded.head.table]];
  }
  const params = stageTrainsLm(spec.stage) ? allParams : allParams.filter(([name]) => name.startsWith("multi_modal_projector."));
  const parts = mnistvlDistillParts({
    student,
    teacher: teacher ?? student, // unused: every KD weight is 0
    params,
    weights: spec.weights,
    temperature: spec.temperature,
    train: spec.train,
    exampleMap: spec.exampleMap,
    test: spec.test,
    tokenizer,
    seed: spec.seed,
    augment: spec.augment,
  });
  return {
    parts,
    student,
    teacher,
    dispose() {
      student.vl.dispose();
      student.head.dispose();
      teacher?.vl.dispose();
      teacher?.head.dispose();
    },
  };
}

/** A data-parallel replica of a distillation stage (see buildDistillStage). */
export async function mnistvlDistillReplica(spec: VLDistillStageSpec): Promise<TaskParts> {
  return (await buildDistillStage(spec, await loadQwenTokenizer())).parts;
}

/**
 * A scratch MnistVL from its file, with its active vocabulary as the head. Refuses a model whose
 * embedding has non-zero rows outside the prompt's vocabulary: over those the active-vocabulary
 * KL would not be the full-vocabulary one.
 */
export async function loadScratchModel(path: string, tokenizer: ChatTokenizer, role: string): Promise<VLModelHead & { spec: MnistVLSpec }> {
  const { vl, spec } = await loadMnistVL(path, tokenizer);
  const ids = promptVocabulary(vl.prompt);
  const outside = nonZeroRowOutside(vl.lm, ids);
  if (outside !== null) {
    vl.dispose();
    throw new Error(`${role} ${path}: embedding row ${outside} (a token outside the prompt's ${ids.length}-token vocabulary) is not zero; distillation needs a from-scratch model (vl-train --preset *-scratch)`);
  }
  return { vl, head: ActiveVocabulary.fromModel(vl.lm, ids), spec };
}

function nonZeroRowOutside(lm: Qwen2ForCausalLM, ids: number[]): number | null {
  const table = lm.model.embedTokens.weight.dataSync() as Float32Array; // [vocab, hidden]
  const d = lm.qwenConfig.hiddenSize;
  const active = new Set(ids);
  for (let row = 0; row < lm.qwenConfig.vocabSize; row++) {
    if (active.has(row)) continue;
    for (let j = row * d; j < (row + 1) * d; j++) if (table[j] !== 0) return row;
  }
  return null;
}
