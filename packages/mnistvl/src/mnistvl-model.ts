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

/**
 * Answer-token loss: cross-entropy on the answer digit and on `<|im_end|>` after it, nowhere
 * else. The sequence is prefix (cached) + image + suffix + the true digit (teacher forcing);
 * logits are computed only at the two positions that predict the answer.
 */
export function answerLoss(vl: MnistVL, head: TextHead, pixels: tf.Tensor, labels: ArrayLike<number>): tf.Scalar {
  const batch = pixels.shape[0]!;
  if (labels.length !== batch) throw new Error(`answerLoss: ${batch} images but ${labels.length} labels`);
  const prefix = vl.prefixCache(head);
  const cache = prefix.broadcastTo(batch);
  prefix.dispose();
  try {
    return tf.tidy(() => {
      const digits = Array.from(labels, (label) => vl.prompt.digitIds[label]!);
      const prompt = vl.promptEmbeddings(pixels, head); // [B, k+S, hidden]
      const answer = tf.expandDims(head.embed(digits), 1); // [B, 1, hidden]
      const hidden = vl.lm.hidden({ inputsEmbeds: tf.concat([prompt, answer], 1), cache }); // [B, k+S+1, hidden]
      const [, length, d] = hidden.shape as [number, number, number];
      const atAnswer = tf.slice(hidden, [0, length - 2, 0], [batch, 2, d]); // [B, 2, hidden]
      const logits = head.logits(tf.reshape(atAnswer, [batch * 2, d])); // [B*2, candidates]
      const targets = digits.flatMap((digit) => [head.column(digit), head.column(vl.prompt.endId)]);
      return answerCrossEntropy(logits, targets, head.zeroLogits);
    });
  } finally {
    cache.dispose();
  }
}
