import "@tensorflow/tfjs-backend-cpu";
import * as tf from "@tensorflow/tfjs-core";
import { beforeAll, describe, expect, it } from "vitest";
import { createMnistVL, type MnistVLSpec } from "./mnistvl-checkpoint.js";
import { answerLoss } from "./mnistvl-model.js";
import { ActiveVocabulary, fullVocabularyHead } from "./text-head.js";
import { loadQwenTokenizer } from "./tokenizer.js";
import { MNIST_QUESTION, promptVocabulary } from "./vision-prompt.js";

const tokenizer = await loadQwenTokenizer();
// Full Qwen2.5 vocabulary, a tiny body: the active-vocabulary claims are about the real sizes.
const spec: MnistVLSpec = {
  lm: { vocabSize: 151936, hiddenSize: 16, intermediateSize: 32, numHiddenLayers: 2, numAttentionHeads: 4, numKeyValueHeads: 2, headDim: 4, rmsNormEps: 1e-6, ropeTheta: 1e6, tieWordEmbeddings: true, maxPositionEmbeddings: 128 },
  projector: { kind: "flat", imageTokens: 3, hiddenSize: 24 },
  question: MNIST_QUESTION,
};

beforeAll(async () => {
  await tf.setBackend("cpu");
});

function images(batch: number, seed: number): tf.Tensor2D {
  return tf.randomUniform([batch, 784], 0, 1, "float32", seed) as tf.Tensor2D;
}

describe("MnistVL", () => {
  it("a cached prompt prefix gives the same hidden states as running the whole prompt", () => {
    const vl = createMnistVL(spec, tokenizer, 3);
    const pixels = images(2, 1);
    const prefix = vl.prefixCache();
    const cache = prefix.broadcastTo(2);
    // Hidden states decide the logits; comparing them avoids 151,936-wide logits at every position.
    const withCache = tf.tidy(() => vl.lm.hidden({ inputsEmbeds: vl.promptEmbeddings(pixels), cache }));
    const whole = tf.tidy(() => {
      const prefixEmbeds = tf.tile(tf.expandDims(fullVocabularyHead(vl.lm).embed(vl.prompt.prefixIds), 0), [2, 1, 1]); // [2, P, d]
      const all = vl.lm.hidden({ inputsEmbeds: tf.concat([prefixEmbeds, vl.promptEmbeddings(pixels)], 1) });
      const p = vl.prompt.prefixIds.length;
      return tf.slice(all, [0, p, 0], [2, all.shape[1]! - p, spec.lm.hiddenSize]);
    });
    expect(withCache.shape).toEqual([2, 3 + vl.prompt.suffixIds.length, spec.lm.hiddenSize]);
    expect(tf.max(tf.abs(tf.sub(withCache, whole))).dataSync()[0]).toBeLessThan(1e-5);
    [prefix, cache].forEach((c) => c.dispose());
    vl.dispose();
  });

  it("the active-vocabulary loss equals the full-vocabulary loss once other rows are zero", () => {
    const vl = createMnistVL(spec, tokenizer, 4);
    const vocab = ActiveVocabulary.fromModel(vl.lm, promptVocabulary(vl.prompt));
    vocab.writeInto(vl.lm);
    const pixels = images(4, 2);
    const labels = [3, 1, 4, 1];
    const active = answerLoss(vl, vocab, pixels, labels).dataSync()[0]!;
    const full = answerLoss(vl, fullVocabularyHead(vl.lm), pixels, labels).dataSync()[0]!;
    expect(active).toBeCloseTo(full, 4);
    // With random small weights every answer is near-uniform over 151,936 tokens: loss ~ log(V).
    expect(full).toBeGreaterThan(Math.log(151936) - 1);
    vocab.dispose();
    vl.dispose();
  });

  it("the answer loss trains: a few AdamW steps on one batch lower it, and gradients reach every part", async () => {
    const { AdamW } = await import("@llmnist/train");
    const vl = createMnistVL(spec, tokenizer, 5);
    const vocab = ActiveVocabulary.fromModel(vl.lm, promptVocabulary(vl.prompt));
    vocab.writeInto(vl.lm);
    const params: Array<[string, tf.Variable]> = [...vl.namedWeights().filter(([n]) => n !== "model.embed_tokens.weight"), ["active", vocab.table]];
    const pixels = images(8, 3);
    const labels = [0, 1, 2, 3, 4, 5, 6, 7];
    const opt = new AdamW({ weightDecay: 0 });
    let first = 0;
    let last = 0;
    for (let step = 0; step < 20; step++) {
      const { value, grads } = tf.variableGrads(() => answerLoss(vl, vocab, pixels, labels), params.map(([, v]) => v));
      if (step === 0) {
        for (const [name, v] of params) expect(tf.sum(tf.abs(grads[v.name]!)).dataSync()[0], name).toBeGreaterThan(0);
        first = value.dataSync()[0]!;
      }
      last = value.dataSync()[0]!;
      opt.applyGradients(params, new Map(params.map(([n, v]) => [n, grads[v.name]!])), 2e-2);
      tf.dispose([value, ...Object.values(grads)]);
    }
    expect(last).toBeLessThan(first - 1);
    vocab.dispose();
    vl.dispose();
  });

  it("rejects a projector that does not fit the LM", () => {
    expect(() => createMnistVL({ ...spec, lm: { ...spec.lm, hiddenSize: 32, headDim: 8 } }, tokenizer).lm).not.toThrow();
    const bad = createMnistVL(spec, tokenizer);
    expect(() => answerLoss(bad, fullVocabularyHead(bad.lm), images(2, 1), [1])).toThrow(/2 images but 1 labels/);
    bad.dispose();
  });
});
