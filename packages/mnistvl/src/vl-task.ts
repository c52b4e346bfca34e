import type { MnistSplit } from "@llmnist/mnist-data";
import type { TaskParts, TrainBatch } from "@llmnist/train";
import { createRng, deriveSeed } from "@llmnist/random";
import * as tf from "@tensorflow/tfjs-core";
import { distortImage, type DistortOptions } from "./augment.js";
import { setLoraStep, setLoraTraining, type LoraAdapters } from "./lora.js";
import { answerLoss, type MnistVL } from "./mnistvl-model.js";
import { IMAGE_PIXELS } from "./projector.js";
import { ActiveVocabulary, type TextHead } from "./text-head.js";
import type { ChatTokenizer } from "./chat-tokenizer.js";
import { parseDigitAnswer } from "./vision-prompt.js";

/** Stream of deriveSeed(seed, stream, ...) for training distortions (LoRA uses 1 and 2). */
const DISTORTION_STREAM = 3;

export interface VLTaskOptions {
  vl: MnistVL;
  /** The output head training computes logits with (active vocabulary or full). */
  head: TextHead;
  /** What the optimiser updates (projector, LoRA adapters, or everything of a from-scratch LM). */
  params: Array<[string, tf.Variable]>;
  train: MnistSplit;
  /** Test images `infer` answers for. */
  test: MnistSplit;
  tokenizer: ChatTokenizer;
  seed: number;
  /** Random distortions of training images; null = none. */
  augment: DistortOptions | null;
  /** LoRA adapters whose dropout masks follow the step (see setLoraStep). */
  lora?: LoraAdapters;
}

/**
 * MnistVL as engine TaskParts: the answer-token loss of a batch of training images (each
 * distorted with its own seed, derived from the step and its position in the batch, so a
 * resumed or data-parallel run sees the same images), and infer = the digit answered
 * greedily for test images (-1 when the answer is not one digit).
 */
export function mnistvlTaskParts(o: VLTaskOptions): TaskParts {
  return {
    parameters: o.params,
    loss: (batch) => {
      if (o.lora !== undefined) setLoraStep(o.lora, batch.globalStep, { shard: batch.offset });
      const { pixels, labels } = trainingBatch(o.train, batch, o.seed, o.augment);
      return answerLoss(o.vl, o.head, pixels, labels);
    },
    infer: (indices) => {
      const n = indices.length;
      const pixels = new Float32Array(n * IMAGE_PIXELS);
      indices.forEach((index, k) => pixels.set(o.test.images.subarray(index * IMAGE_PIXELS, (index + 1) * IMAGE_PIXELS), k * IMAGE_PIXELS));
      // A scratch model trains its active vocabulary's rows on their own: copy them into the
      // LM's embedding (and tied head) first, so the answers are the saved model's.
      if (o.head instanceof ActiveVocabulary) o.head.writeInto(o.vl.lm);
      const x = tf.tensor2d(pixels, [n, IMAGE_PIXELS]);
      if (o.lora !== undefined) setLoraTraining(o.lora, false); // no dropout when answering
      try {
        const answers = o.vl.answerIds(x);
        return Float32Array.from(answers, (answer) => {
          const ids = answer.filter((id) => id !== o.vl.prompt.endId);
          return ids.length === 0 ? -1 : (parseDigitAnswer(o.tokenizer.decode(ids)) ?? -1);
        });
      } finally {
        x.dispose();
        if (o.lora !== undefined) setLoraTraining(o.lora, true);
      }
    },
  };
}

/**
 * A batch's training images `[n, 784]` (each distorted with its own seed, derived from the step
 * and its position in the whole batch, so a resumed or data-parallel run sees the same images)
 * and labels.
 */
export function trainingBatch(train: MnistSplit, batch: TrainBatch, seed: number, augment: DistortOptions | null): { pixels: tf.Tensor2D; labels: number[] } {
  const n = batch.indices.length;
  const pixels = new Float32Array(n * IMAGE_PIXELS);
  const labels = new Array<number>(n);
  batch.indices.forEach((index, b) => {
    const src = train.images.subarray(index * IMAGE_PIXELS, (index + 1) * IMAGE_PIXELS);
    const dst = pixels.subarray(b * IMAGE_PIXELS, (b + 1) * IMAGE_PIXELS);
    if (augment) distortImage(src, dst, createRng(deriveSeed(seed, DISTORTION_STREAM, batch.globalStep, batch.offset + b)), augment);
    else dst.set(src);
    labels[b] = train.labels[index]!;
  });
  return { pixels: tf.tensor2d(pixels, [n, IMAGE_PIXELS]), labels };
}

/** Test accuracy (percent) and unparsed count of infer's answers for the first `count` test images. */
export function answerAccuracy(answers: Float32Array, test: MnistSplit): { test_accuracy: number; test_unparsed: number } {
  let correct = 0;
  let unparsed = 0;
  answers.forEach((digit, i) => {
    if (digit < 0) unparsed += 1;
    else if (digit === test.labels[i]) correct += 1;
  });
  return { test_accuracy: (100 * correct) / answers.length, test_unparsed: unparsed };
}
