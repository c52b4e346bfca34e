import * as tf from "@tensorflow/tfjs-core";
import { answerCrossEntropy } from "./answer-loss.js";
import { generateFromEmbeddings } from "./generate.js";
import type { PixelProjector } from "./projector.js";
import { Qwen2Cache } from "./qwen2-cache.js";
import type { Qwen2ForCausalLM } from "./qwen2-model.js";
import type { TextHead } from "./text-head.js";
import { fullVocabularyHead } from "./text-head.js";
import type { VisionPrompt } from "./vision-prompt.js";

/**
 * MnistVL: a Qwen2 causal LM that reads an MNIST image through a pixel projector.
 *
 *   prefix ids  -> embeddings  (system turn ... `<|vision_start|>`; the same for every image)
 *   pixels      -> projector   -> k image embeddings (where the k `<|image_pad|>` stood)
 *   suffix ids  -> embeddings  (`<|vision_end|>` question `<|im_end|>` ... `assistant\n`)
 *   -> decoder -> answer tokens: one digit, then `<|im_end|>`
 */
export class MnistVL {
  constructor(
    readonly lm: Qwen2ForCausalLM,
    readonly projector: PixelProjector,
    readonly prompt: VisionPrompt,
  ) {
    const d = lm.qwenConfig.hiddenSize;
    if (projector.outputSize !== d) throw new Error(`MnistVL: projector outputs ${projector.outputSize} features, the LM's hidden size is ${d}`);
    if (projector.imageTokens !== prompt.imageTokens) {
      throw new Error(`MnistVL: projector makes ${projector.imageTokens} image tokens, the prompt has ${prompt.imageTokens} slots`);
    }
  }

  get imageTokens(): number {
    return this.prompt.imageTokens;
  }

  /** Keys/values of the shared prompt prefix, batch 1 (differentiable when run under a tape). */
  prefixCache(head: TextHead = fullVocabularyHead(this.lm)): Qwen2Cache {
    const cache = new Qwen2Cache(this.lm.qwenConfig.numHiddenLayers);
    tf.tidy(() => {
      const embeds = tf.expandDims(head.embed(this.prompt.prefixIds), 0); // [1, P, hidden]
      this.lm.hidden({ inputsEmbeds: embeds, cache });
    });
    return cache;
  }

  /** Image embeddings then the suffix: `[B, k + S, hidden]`, to follow the prefix cache. */
  promptEmbeddings(pixels: tf.Tensor, head: TextHead = fullVocabularyHead(this.lm)): tf.Tensor {
    return tf.tidy(() => {
      const batch = pixels.shape[0]!;
      const image = this.projector.call(pixels) as tf.Tensor; // [B, k, hidden]
      const suffix = tf.tile(tf.expandDims(head.embed(this.prompt.suffixIds), 0), [batch, 1, 1]); // [B, S, hidden]
      return tf.concat([image, suffix], 1); // [B, k+S, hidden]
    });
  }

  /**
   * Greedy answers for a batch of images `[B, 784]`: the generated token ids per image (ending
   * at `<|im_end|>` or after maxNewTokens). Reuses `prefix` when given (a batch-1 cache).
   */
  answerIds(pixels: tf.Tensor, options: { prefix?: Qwen2Cache; maxNewTokens?: number } = {}): number[][] {
    const ownPrefix = options.prefix ? null : this.prefixCache();
    const cache = (options.prefix ?? ownPrefix!).broadcastTo(pixels.shape[0]!);
    const embeds = this.promptEmbeddings(pixels);
    try {
      return generateFromEmbeddings(this.lm, embeds, cache, { maxNewTokens: options.maxNewTokens ?? 4, eosTokenIds: [this.prompt.endId] });
    } finally {
      embeds.dispose();
      cache.dispose();
      ownPrefix?.dispose();
    }
  }

  /** Every trainable-able weight of the projector and the LM, by name. */
  namedWeights(): Array<[string, tf.Variable]> {
    return [...this.projector.weights, ...this.lm.weights].map((w) => [w.originalName, w.read() as tf.Variable]);
  }

  dispose(): void {
    this.projector.disposeWeights();
    this.lm.disposeWeights();
  }
}

/** What a teacher-forced pass over prompt + image + true answer yields (logits over `head`'s columns). */
export interface TeacherForcedLogits {
  /** `[B, 2, C]`: at the two positions that predict the answer digit and `<|im_end|>`. */
  response: tf.Tensor;
  /** `[B, k, C]`: at the k image-token positions (what LLaVA-KD's L_vis and L_rel use); with `visual`. */
  visual?: tf.Tensor;
  /** Column targets of `response`, `[B * 2]`: the digit, then `<|im_end|>`. */
  targets: number[];
}

/**
 * The sequence prefix (cached) + image + suffix + the true digit (teacher forcing) through the
 * LM, and the logits only where they are needed: at the answer positions, and, with `visual`,
 * at the image positions. `prefix`: the prompt prefix's batch-1 cache for `head`, kept by the caller.
 */
export function teacherForcedLogits(
  vl: MnistVL,
  head: TextHead,
  pixels: tf.Tensor,
  labels: ArrayLike<number>,
  options: { visual?: boolean; prefix?: Qwen2Cache } = {},
): TeacherForcedLogits {
  const batch = pixels.shape[0]!;
  if (labels.length !== batch) throw new Error(`teacherForcedLogits: ${batch} images but ${labels.length} labels`);
  // A frozen model's prefix can be computed once by the caller; a trained one's changes every step.
  const prefix = options.prefix ?? vl.prefixCache(head);
  const cache = prefix.broadcastTo(batch);
  if (options.prefix === undefined) prefix.dispose();
  try {
    const digits = Array.from(labels, (label) => vl.prompt.digitIds[label]!);
    const targets = digits.flatMap((digit) => [head.column(digit), head.column(vl.prompt.endId)]);
    const out = tf.tidy(() => {
      const prompt = vl.promptEmbeddings(pixels, head); // [B, k+S, hidden]
      const answer = tf.expandDims(head.embed(digits), 1); // [B, 1, hidden]
      const hidden = vl.lm.hidden({ inputsEmbeds: tf.concat([prompt, answer], 1), cache }); // [B, k+S+1, hidden]
      const [, length, d] = hidden.shape as [number, number, number];
      const atAnswer = tf.reshape(tf.slice(hidden, [0, length - 2, 0], [batch, 2, d]), [batch * 2, d]); // [B*2, hidden]
      const response = head.logits(atAnswer); // [B*2, C]
      const columns = response.shape[1]!;
      const result: tf.NamedTensorMap = { response: tf.reshape(response, [batch, 2, columns]) }; // [B, 2, C]
      if (options.visual) {
        const k = vl.imageTokens;
        const atImage = tf.reshape(tf.slice(hidden, [0, 0, 0], [batch, k, d]), [batch * k, d]); // [B*k, hidden]
        result.visual = tf.reshape(head.logits(atImage), [batch, k, columns]); // [B, k, C]
      }
      return result;
    });
    return { response: out.response!, ...(out.visual ? { visual: out.visual } : {}), targets };
  } finally {
    cache.dispose();
  }
}

/**
 * Answer-token loss: cross-entropy on the answer digit and on `<|im_end|>` after it, nowhere
 * else (see teacherForcedLogits).
 */
export function answerLoss(vl: MnistVL, head: TextHead, pixels: tf.Tensor, labels: ArrayLike<number>): tf.Scalar {
  return tf.tidy(() => {
    const { response, targets } = teacherForcedLogits(vl, head, pixels, labels);
    const logits = tf.reshape(response, [targets.length, response.shape[2]!]); // [B*2, C]
    return answerCrossEntropy(logits, targets, head.zeroLogits);
  });
}
