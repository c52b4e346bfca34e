import * as tf from "@tensorflow/tfjs-core";
import type { Qwen2ForCausalLM } from "./qwen2-model.js";

/**
 * Where training reads token embeddings and answer logits from.
 * `logits` covers `candidates` tokens; `zeroLogits` more tokens have a logit of exactly 0
 * (they count in the softmax normaliser but need no computation).
 */
export interface TextHead {
  /** ids -> `[n, hidden]`. */
  embed(ids: number[]): tf.Tensor;
  /** hidden `[N, hidden]` -> `[N, candidates]`. */
  logits(hidden: tf.Tensor): tf.Tensor;
  /** Column of a token id in `logits`' output. */
  column(id: number): number;
  readonly zeroLogits: number;
}

/** The model's own embedding table and LM head over the whole vocabulary (fine-tuning a pretrained LM). */
export function fullVocabularyHead(lm: Qwen2ForCausalLM): TextHead {
  return {
    embed: (ids) => tf.tidy(() => tf.gather(lm.model.embedTokens.weight, tf.tensor1d(ids, "int32"))), // [n, hidden]
    logits: (hidden) => lm.logits(hidden),
    column: (id) => id,
    zeroLogits: 0,
  };
}

/**
 * A from-scratch model only ever sees the ~40 token ids of its prompt and answers. Their
 * embedding rows are trained as one small table; every other row of the (tied) embedding is
 * kept at exactly zero, so its logit is exactly 0 and the softmax over all 151,936 tokens is
 * computed exactly from the active logits plus (vocab - active) * e^0. This turns the LM head,
 * the costliest part at this size, from 151,936 columns into ~40, with no approximation.
 */
export class ActiveVocabulary implements TextHead {
  readonly ids: number[];
  readonly vocabSize: number;
  readonly table: tf.Variable; // [active, hidden]
  private readonly columns: Map<number, number>;

  constructor(ids: number[], vocabSize: number, table: tf.Tensor) {
    const sorted = [...new Set(ids)].sort((a, b) => a - b);
    if (sorted.length !== ids.length) throw new Error("ActiveVocabulary: ids must be distinct");
    if (sorted.some((id) => !Number.isInteger(id) || id < 0 || id >= vocabSize)) throw new Error(`ActiveVocabulary: ids must lie in [0, ${vocabSize})`);
    if (table.rank !== 2 || table.shape[0] !== ids.length) {
      throw new Error(`ActiveVocabulary: table must be [${ids.length}, hidden], got [${table.shape.join(", ")}]`);
    }
    this.ids = sorted;
    this.vocabSize = vocabSize;
    this.columns = new Map(sorted.map((id, i) => [id, i]));
    const order = ids.map((_, i) => i).sort((a, b) => ids[a]! - ids[b]!); // table rows in ascending id order
    const rows = tf.tidy(() => tf.gather(table, tf.tensor1d(order, "int32")));
    this.table = tf.variable(rows, true);
    rows.dispose();
  }

  /** The model's current rows for `ids`. */
  static fromModel(lm: Qwen2ForCausalLM, ids: number[]): ActiveVocabulary {
    const sorted = [...new Set(ids)].sort((a, b) => a - b);
    const rows = tf.tidy(() => tf.gather(lm.model.embedTokens.weight, tf.tensor1d(sorted, "int32"))); // [active, hidden]
    const vocab = new ActiveVocabulary(sorted, lm.qwenConfig.vocabSize, rows);
    rows.dispose();
    return vocab;
  }

  get zeroLogits(): number {
    return this.vocabSize - this.ids.length;
  }

  column(id: number): number {
    const c = this.columns.get(id);
    if (c === undefined) throw new Error(`ActiveVocabulary: token id ${id} is not in the active vocabulary (${this.ids.length} ids)`);
    return c;
  }

  embed(ids: number[]): tf.Tensor {
    // A one-hot matmul instead of gather: gather's gradient (UnsortedSegmentSum) has no wasm kernel.
    return tf.tidy(() => {
      const oneHot = tf.oneHot(tf.tensor1d(ids.map((id) => this.column(id)), "int32"), this.ids.length); // [n, active]
      return tf.matMul(tf.cast(oneHot, "float32"), this.table); // [n, hidden]
    });
  }

  logits(hidden: tf.Tensor): tf.Tensor {
    return tf.matMul(hidden, this.table, false, true); // [N, active]
  }

  /** Write the table into the model's full embedding: active rows set, every other row zero. */
  writeInto(lm: Qwen2ForCausalLM): void {
    const d = this.table.shape[1]!;
    if (lm.qwenConfig.hiddenSize !== d || lm.qwenConfig.vocabSize !== this.vocabSize) {
      throw new Error(`ActiveVocabulary.writeInto: table is [${this.vocabSize} vocab, ${d}], model is [${lm.qwenConfig.vocabSize}, ${lm.qwenConfig.hiddenSize}]`);
    }
    const full = new Float32Array(this.vocabSize * d);
    const rows = this.table.dataSync();
    this.ids.forEach((id, i) => full.set(rows.subarray(i * d, (i + 1) * d), id * d));
    const value = tf.tensor2d(full, [this.vocabSize, d]);
    lm.model.embedTokens.embeddings!.write(value);
    value.dispose();
  }

  dispose(): void {
    this.table.dispose();
  }
}
