import { klDivergence, relationDistillation } from "@llmnist/distill";
import type { MnistSplit } from "@llmnist/mnist-data";
import type { TaskParts } from "@llmnist/train";
import * as tf from "@tensorflow/tfjs-core";
import { answerCrossEntropy } from "./answer-loss.js";
import type { DistortOptions } from "./augment.js";
import type { ChatTokenizer } from "./chat-tokenizer.js";
import { teacherForcedLogits, type MnistVL } from "./mnistvl-model.js";
import type { ActiveVocabulary } from "./text-head.js";
import { mnistvlTaskParts, trainingBatch } from "./vl-task.js";

/**
 * The weights of LLaVA-KD's loss terms (PAPER.md section 5):
 *   loss = answer * L_ans + res * L_res + vis * L_vis + rel * L_rel
 * L_ans: the answer-token cross-entropy (L_PT in DPT, L_reg in DFT, the whole loss in SFT);
 * L_res: KL(teacher || student) at the two answer positions; L_vis: the same at the k image
 * positions; L_rel: 1 - cos of the image positions' self-correlation matrices of the logits.
 */
export interface VLDistillWeights {
  answer: number;
  res: number;
  vis: number;
  rel: number;
}

/** Our defaults for DPT's (a, b, c) and DFT's (a', b', c'): every term at weight 1, as equations (6) and (7) add them. */
export const VL_DISTILL_DEFAULTS: VLDistillWeights = { answer: 1, res: 1, vis: 1, rel: 1 };

export interface VLModelHead {
  vl: MnistVL;
  head: ActiveVocabulary;
}

export interface VLDistillTaskOptions {
  student: VLModelHead;
  /** Frozen: read, never trained. Must share the student's tokenizer, prompt and image-token count. */
  teacher: VLModelHead;
  /** What the optimiser updates (the projector in DPT, everything in DFT). */
  params: Array<[string, tf.Variable]>;
  weights: VLDistillWeights;
  /** Softmax temperature of L_res and L_vis (default 1, as LLaVA-KD). */
  temperature?: number;
  train: MnistSplit;
  /** The task's example i is training image exampleMap[i] (default: the identity). */
  exampleMap?: Uint32Array;
  test: MnistSplit;
  tokenizer: ChatTokenizer;
  seed: number;
  augment: DistortOptions | null;
}

/**
 * A distillation stage of MnistVL as engine TaskParts: teacher and student read the same
 * (identically distorted) batch; the loss is the weighted sum above, and each weighted term is
 * reported as a metric (ans, res, vis, rel). Over an active vocabulary every KL is exact over
 * the whole 151,936-token vocabulary (the zero-logit rows enter in closed form). infer = the
 * student's greedy answers, as in mnistvlTaskParts.
 */
export function mnistvlDistillParts(o: VLDistillTaskOptions): TaskParts {
  checkPairing(o.student, o.teacher);
  const w = checkWeights(o.weights);
  const temperature = o.temperature ?? 1;
  const needVisual = w.vis > 0 || w.rel > 0;
  const usesTeacher = w.res > 0 || needVisual;
  const zeroLogits = o.student.head.zeroLogits;
  if (o.exampleMap !== undefined) {
    const bad = o.exampleMap.findIndex((i) => i >= o.train.count);
    if (bad >= 0) throw new Error(`mnistvlDistillParts: exampleMap[${bad}] = ${o.exampleMap[bad]} is outside the ${o.train.count} training images`);
  }
  // The teacher is frozen: its prompt prefix is the same at every step.
  const teacherPrefix = usesTeacher ? o.teacher.vl.prefixCache(o.teacher.head) : undefined;
  const studentParts = mnistvlTaskParts({ vl: o.student.vl, head: o.student.head, params: o.params, train: o.train, test: o.test, tokenizer: o.tokenizer, seed: o.seed, augment: o.augment });
  return {
    parameters: o.params,
    infer: studentParts.infer!,
    loss: (batch) => {
      const map = o.exampleMap;
      const images = map === undefined ? batch : { ...batch, indices: batch.indices.map((i) => map[i]!) };
      const { pixels, labels } = trainingBatch(o.train, images, o.seed, o.augment);
      // The teacher's weights are not parameters, so no gradient reaches them.
      const teacher = teacherPrefix ? teacherForcedLogits(o.teacher.vl, o.teacher.head, pixels, labels, { visual: needVisual, prefix: teacherPrefix }) : null;
      const student = teacherForcedLogits(o.student.vl, o.student.head, pixels, labels, { visual: needVisual });
      const metrics: Record<string, tf.Scalar> = {};
      const terms: tf.Scalar[] = [];
      const add = (name: string, weight: number, term: () => tf.Scalar) => {
        if (weight === 0) return;
        const value = term();
        metrics[name] = value;
        terms.push(weight === 1 ? value : (tf.mul(value, weight) as tf.Scalar));
      };
      add("ans", w.answer, () => answerCrossEntropy(tf.reshape(student.response, [student.targets.length, -1]), student.targets, zeroLogits));
      add("res", w.res, () => klDivergence(teacher!.response, student.response, { temperature, zeroLogits }));
      add("vis", w.vis, () => klDivergence(teacher!.visual!, student.visual!, { temperature, zeroLogits }));
      add("rel", w.rel, () => relationDistillation(student.visual!, teacher!.visual!));
      return { loss: terms.length === 1 ? terms[0]! : (tf.addN(terms) as tf.Scalar), metrics };
    },
  };
}

/** Positions line up and vocabularies match only when the two models read the same prompt. */
export function checkPairing(student: VLModelHead, teacher: VLModelHead, source = "teacher"): void {
  const s = student.vl.prompt;
  const t = teacher.vl.prompt;
  const same = (a: number[], b: number[]) => a.length === b.length && a.every((v, i) => v === b[i]);
  if (t.imageTokens !== s.imageTokens) throw new Error(`${source}: ${t.imageTokens} image tokens, the student has ${s.imageTokens}; visual positions would not line up`);
  if (t.question !== s.question || !same(t.prefixIds, s.prefixIds) || !same(t.suffixIds, s.suffixIds)) {
    throw new Error(`${source}: its prompt differs from the student's (question ${JSON.stringify(t.question)} vs ${JSON.stringify(s.question)}); both must use the same tokenizer and prompt`);
  }
  if (!same(t.digitIds, s.digitIds) || t.endId !== s.endId) throw new Error(`${source}: its answer token ids differ from the student's (another tokenizer?)`);
  if (teacher.head.vocabSize !== student.head.vocabSize) {
    throw new Error(`${source}: vocabulary of ${teacher.head.vocabSize} tokens, the student has ${student.head.vocabSize}`);
  }
  if (!same(teacher.head.ids, student.head.ids)) throw new Error(`${source}: its active vocabulary (${teacher.head.ids.length} ids) differs from the student's (${student.head.ids.length})`);
}

function checkWeights(w: VLDistillWeights): VLDistillWeights {
  for (const key of ["answer", "res", "vis", "rel"] as const) {
    const v = w[key];
    if (typeof v !== "number" || !Number.isFinite(v) || v < 0) throw new Error(`mnistvlDistillParts: weights.${key} must be a finite number >= 0, got ${String(v)}`);
  }
  if (w.answer + w.res + w.vis + w.rel === 0) throw new Error("mnistvlDistillParts: every loss weight is 0");
  return w;
}
