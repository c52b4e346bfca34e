import { MNIST_PIXELS } from "@llmnist/mnist-data";
import { buildVisionPrompt, generateFromEmbeddings, MnistVL, type ChatTokenizer, type Qwen2Cache, type SamplingOptions } from "@llmnist/mnistvl";
import * as tf from "@tensorflow/tfjs-core";
import { badRequest } from "./errors.js";

/** One chat completion to compute: an image, its question and how to decode. */
export interface ChatJob {
  pixels: Float32Array;
  question: string;
  /** Answer length limit in tokens (the closing `<|im_end|>` counts). */
  maxTokens: number;
  /** Absent: greedy. */
  sampling?: { temperature: number; topP: number };
  /** Sampling seed; a seeded job runs in a batch of its own, so its answer does not depend on other traffic. */
  seed?: number;
}

export interface ChatAnswer {
  content: string;
  finishReason: "stop" | "length";
  promptTokens: number;
  completionTokens: number;
}

/** Questions (besides the model's own) whose tokenised prompts are kept. */
const PROMPT_CACHE_SIZE = 64;

/**
 * MnistVL behind the chat endpoint. The prompt prefix (system turn up to `<|vision_start|>`,
 * the same for every question) is run once at start-up and kept; each batch is split into
 * groups that can share one generation, and each group is one `prefix.broadcastTo(B)` plus one
 * `generateFromEmbeddings` call:
 *   - greedy jobs with the same question, whatever their max_tokens (the group decodes to the
 *     largest and each answer is cut to its own limit: greedy rows do not depend on each other);
 *   - unseeded sampled jobs with the same question, temperature and top_p (one random seed);
 *   - a seeded sampled job alone (so `seed` reproduces its answer).
 */
export class ChatEngine {
  private readonly prefix: Qwen2Cache;
  private readonly prompts = new Map<string, MnistVL>();
  /** Generations run, and the most answers one of them computed. */
  readonly counters = { generations: 0, maxGenerationBatch: 0 };

  constructor(
    readonly vl: MnistVL,
    readonly tokenizer: ChatTokenizer,
  ) {
    this.prefix = vl.prefixCache();
    this.prompts.set(vl.prompt.question, vl);
  }

  /** The question the model was trained with: used when a request has no text. */
  get defaultQuestion(): string {
    return this.vl.prompt.question;
  }

  /** The model with `question`'s prompt; a 400 when the question cannot be placed in the chat template. */
  withQuestion(question: string): MnistVL {
    const cached = this.prompts.get(question);
    if (cached) return cached;
    if (/<\|[^|]*\|>/.test(question)) throw badRequest("the text must not contain special tokens such as <|im_end|>", "invalid_value");
    let prompt;
    try {
      prompt = buildVisionPrompt(this.tokenizer, this.vl.imageTokens, question);
    } catch (error) {
      throw badRequest(`the text cannot be used as the question: ${(error as Error).message}`, "invalid_value");
    }
    const vl = new MnistVL(this.vl.lm, this.vl.projector, prompt);
    if (this.prompts.size >= PROMPT_CACHE_SIZE + 1) {
      const oldest = [...this.prompts.keys()].find((q) => q !== this.defaultQuestion);
      if (oldest !== undefined) this.prompts.delete(oldest);
    }
    this.prompts.set(question, vl);
    return vl;
  }

  /** The batch runner: an answer per job, in order (an Error for the jobs of a group that failed). */
  run(jobs: ChatJob[]): Array<ChatAnswer | Error> {
    const results = new Array<ChatAnswer | Error>(jobs.length);
    for (const rows of groupJobs(jobs).values()) {
      try {
        const answers = this.generate(rows.map((r) => jobs[r]!));
        rows.forEach((r, i) => (results[r] = answers[i]!));
      } catch (error) {
        for (const r of rows) results[r] = error instanceof Error ? error : new Error(String(error));
      }
    }
    return results;
  }

  private generate(group: ChatJob[]): ChatAnswer[] {
    const first = group[0]!;
    const vl = this.withQuestion(first.question);
    this.counters.generations++;
    this.counters.maxGenerationBatch = Math.max(this.counters.maxGenerationBatch, group.length);
    const { prompt } = vl;
    const samePrefix = prompt.prefixIds.length === this.vl.prompt.prefixIds.length && prompt.prefixIds.every((id, i) => id === this.vl.prompt.prefixIds[i]);
    const ownPrefix = samePrefix ? null : vl.prefixCache();
    const batch = new Float32Array(group.length * MNIST_PIXELS);
    group.forEach((job, i) => batch.set(job.pixels, i * MNIST_PIXELS));
    const pixels = tf.tensor2d(batch, [group.length, MNIST_PIXELS]);
    const cache = (ownPrefix ?? this.prefix).broadcastTo(group.length);
    let embeds: tf.Tensor | null = null;
    let ids: number[][];
    try {
      embeds = vl.promptEmbeddings(pixels);
      const sampling: SamplingOptions | undefined = first.sampling && { temperature: first.sampling.temperature, topP: first.sampling.topP };
      ids = generateFromEmbeddings(vl.lm, embeds, cache, {
        maxNewTokens: Math.max(...group.map((job) => job.maxTokens)),
        eosTokenIds: [prompt.endId],
        sampling,
        seed: first.seed ?? randomSeed(),
      });
    } finally {
      tf.dispose([pixels, ...(embeds ? [embeds] : [])]);
      cache.dispose();
      ownPrefix?.dispose();
    }
    const promptTokens = prompt.prefixIds.length + prompt.imageTokens + prompt.suffixIds.length;
    return group.map((job, i) => {
      const answer = ids[i]!.slice(0, job.maxTokens);
      const stopped = answer.includes(prompt.endId);
      return {
        content: this.tokenizer.decode(answer.filter((id) => id !== prompt.endId)),
        finishReason: stopped ? "stop" : "length",
        promptTokens,
        completionTokens: answer.length,
      };
    });
  }

  dispose(): void {
    this.prefix.dispose();
  }
}

/** Row indices of the jobs that can share one generation, by group (see ChatEngine). */
export function groupJobs(jobs: ChatJob[]): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  jobs.forEach((job, row) => {
    const key = !job.sampling
      ? `greedy\n${job.question}`
      : job.seed !== undefined
        ? `seeded\n${row}`
        : `sampled\n${job.sampling.temperature}\n${job.sampling.topP}\n${job.question}`;
    const rows = groups.get(key);
    if (rows) rows.push(row);
    else groups.set(key, [row]);
  });
  return groups;
}

function randomSeed(): number {
  return Math.floor(Math.random() * 0x1_0000_0000);
}
