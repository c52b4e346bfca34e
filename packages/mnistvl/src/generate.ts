import * as tf from "@tensorflow/tfjs-core";
import { createRng, type Rng } from "@llmnist/random";
import { Qwen2Cache } from "./qwen2-cache.js";
import type { Qwen2ForCausalLM } from "./qwen2-model.js";
import { checkSampling, isGreedy, sampleToken, type SamplingOptions } from "./sampling.js";

export interface GenerationOptions {
  maxNewTokens: number;
  /** Generation of a row stops after it emits one of these (the id is kept in the output). */
  eosTokenIds?: number[];
  sampling?: SamplingOptions;
  /** Seed of the sampling generator (ignored when greedy); default 0. */
  seed?: number;
  /** Reuse keys/values of earlier positions (default true); false recomputes the whole sequence each step. */
  useCache?: boolean;
}

/** Continue each prompt (all of one length) by up to maxNewTokens tokens; returns only the new tokens. */
export function generate(model: Qwen2ForCausalLM, prompts: number[][], opts: GenerationOptions): number[][] {
  const batch = prompts.length;
  const length = prompts[0]?.length ?? 0;
  if (batch === 0 || length === 0) throw new Error("generate: need at least one non-empty prompt");
  if (prompts.some((p) => p.length !== length)) throw new Error(`generate: prompts must share one length (got ${prompts.map((p) => p.length).join(", ")})`);
  if (opts.useCache === false) return generateWithoutCache(model, prompts, opts);
  const cache = new Qwen2Cache(model.qwenConfig.numHiddenLayers);
  try {
    const ids = tf.tensor2d(prompts.flat(), [batch, length], "int32");
    const embeds = tf.tidy(() => model.model.embedTokens.call(ids) as tf.Tensor); // [B, n, hidden]
    ids.dispose();
    try {
      return generateFromEmbeddings(model, embeds, cache, opts);
    } finally {
      embeds.dispose();
    }
  } finally {
    cache.dispose();
  }
}

/**
 * Prefill `embeds` `[B, n, hidden]` after whatever `cache` already holds, then decode token by
 * token with the cache. The cache is appended to (the caller disposes it).
 */
export function generateFromEmbeddings(model: Qwen2ForCausalLM, embeds: tf.Tensor, cache: Qwen2Cache, opts: GenerationOptions): number[][] {
  const decoder = new TokenChooser(opts, embeds.shape[0]!);
  let next = chooseFromLast(model, model.hidden({ inputsEmbeds: embeds, cache }), decoder);
  while (!decoder.record(next)) {
    const ids = tf.tensor2d(next, [next.length, 1], "int32");
    next = chooseFromLast(model, model.hidden({ inputIds: ids, cache }), decoder);
    ids.dispose();
  }
  return decoder.outputs;
}

function generateWithoutCache(model: Qwen2ForCausalLM, prompts: number[][], opts: GenerationOptions): number[][] {
  const decoder = new TokenChooser(opts, prompts.length);
  const sequences = prompts.map((p) => [...p]);
  for (;;) {
    const ids = tf.tensor2d(sequences.flat(), [sequences.length, sequences[0]!.length], "int32");
    const next = chooseFromLast(model, model.hidden({ inputIds: ids }), decoder);
    ids.dispose();
    if (decoder.record(next)) return decoder.outputs;
    next.forEach((token, row) => sequences[row]!.push(token));
  }
}

/** Logits at the last position only (the LM head is the costly part for a big vocabulary). */
function chooseFromLast(model: Qwen2ForCausalLM, hidden: tf.Tensor, chooser: TokenChooser): number[] {
  const logits = tf.tidy(() => {
    const [batch, length, dim] = hidden.shape as [number, number, number];
    const last = tf.slice(hidden, [0, length - 1, 0], [batch, 1, dim]); // [B, 1, hidden]
    return tf.reshape(model.logits(last), [batch, model.qwenConfig.vocabSize]); // [B, vocab]
  });
  hidden.dispose();
  try {
    return chooser.choose(logits);
  } finally {
    logits.dispose();
  }
}

/** Greedy or seeded sampling per row, and the bookkeeping of finished rows. */
class TokenChooser {
  readonly outputs: number[][];
  private readonly finished: boolean[];
  private readonly rng: Rng;
  private readonly eos: Set<number>;

  constructor(private readonly opts: GenerationOptions, batch: number) {
    if (!Number.isInteger(opts.maxNewTokens) || opts.maxNewTokens < 1) throw new Error(`generate: maxNewTokens must be an integer >= 1, got ${opts.maxNewTokens}`);
    if (opts.sampling) checkSampling(opts.sampling);
    this.outputs = Array.from({ length: batch }, () => []);
    this.finished = new Array<boolean>(batch).fill(false);
    this.rng = createRng(opts.seed ?? 0);
    this.eos = new Set(opts.eosTokenIds ?? []);
  }

  choose(logits: tf.Tensor): number[] {
    if (isGreedy(this.opts.sampling)) {
      // argmax on the device: only B numbers come back.
      const best = tf.argMax(logits, 1);
      const tokens = Array.from(best.dataSync());
      best.dispose();
      return tokens;
    }
    const [batch, vocab] = logits.shape as [number, number];
    const data = logits.dataSync();
    return Array.from({ length: batch }, (_, row) => sampleToken(data.subarray(row * vocab, (row + 1) * vocab), this.opts.sampling!, this.rng));
  }

  /** Store this step's tokens; true when every row is done. */
  record(tokens: number[]): boolean {
    tokens.forEach((token, row) => {
      if (this.finished[row]) return;
      this.outputs[row]!.push(token);
      if (this.eos.has(token) || this.outputs[row]!.length >= this.opts.maxNewTokens) this.finished[row] = true;
    });
    return this.finished.every(Boolean);
  }
}

