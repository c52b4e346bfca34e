import "@tensorflow/tfjs-backend-cpu";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs-core";
import { toFloat32, type WritableTensor } from "@llmnist/safetensors";
import { readSafetensorsFile, writeSafetensorsFile } from "@llmnist/safetensors/node";
import { beforeAll, describe, expect, it } from "vitest";
import { createMnistVL, type MnistVLSpec } from "./mnistvl-checkpoint.js";
import { loadMnistVL, saveMnistVL } from "./mnistvl-file.js";
import { ActiveVocabulary } from "./text-head.js";
import { loadQwenTokenizer } from "./tokenizer.js";
import { MNIST_QUESTION, promptVocabulary } from "./vision-prompt.js";

const tokenizer = await loadQwenTokenizer();
const spec: MnistVLSpec = {
  lm: { vocabSize: 151936, hiddenSize: 8, intermediateSize: 16, numHiddenLayers: 1, numAttentionHeads: 2, numKeyValueHeads: 1, headDim: 4, rmsNormEps: 1e-6, ropeTheta: 1e6, tieWordEmbeddings: true, maxPositionEmbeddings: 64 },
  projector: { kind: "flat", imageTokens: 2, hiddenSize: 8 },
  question: MNIST_QUESTION,
};
const EMBED = "model.embed_tokens.weight";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

/** A saved from-scratch model (active rows + ids instead of the full embedding) and its weights. */
async function savedModel(): Promise<{ path: string; weights: Map<string, number[]>; ids: number[] }> {
  const vl = createMnistVL(spec, tokenizer, 11);
  const vocab = ActiveVocabulary.fromModel(vl.lm, promptVocabulary(vl.prompt));
  vocab.writeInto(vl.lm);
  const path = join(mkdtempSync(join(tmpdir(), "vl-ckpt-")), "model.safetensors");
  await saveMnistVL(path, vl, spec, vocab);
  const weights = new Map(vl.namedWeights().map(([name, v]) => [name, Array.from(v.dataSync())]));
  const ids = vocab.ids;
  vocab.dispose();
  vl.dispose();
  return { path, weights, ids };
}

/** Rewrites `path` with `edit` applied to its tensors. */
async function rewrite(path: string, edit: (tensors: Record<string, WritableTensor>) => void): Promise<string> {
  const file = await readSafetensorsFile(path);
  const tensors: Record<string, WritableTensor> = {};
  for (const [name, raw] of file.tensors) {
    tensors[name] = raw.dtype === "I32" ? { dtype: "I32", shape: raw.shape, data: Int32Array.from(toFloat32(raw)) } : { dtype: "F32", shape: raw.shape, data: toFloat32(raw) };
  }
  edit(tensors);
  const out = path.replace(/\.safetensors$/, "-edited.safetensors");
  await writeSafetensorsFile(out, tensors, file.metadata);
  return out;
}

describe("loadMnistVL", () => {
  it("loads every weight back, the embedding rebuilt from the active rows (others zero)", async () => {
    const { path, weights, ids } = await savedModel();
    const file = await readSafetensorsFile(path);
    expect(file.tensors.has(EMBED)).toBe(false); // the file holds only the active rows
    const { vl } = await loadMnistVL(path, tokenizer);
    for (const [name, v] of vl.namedWeights()) expect(Array.from(v.dataSync())).toEqual(weights.get(name));
    const table = vl.lm.model.embedTokens.weight;
    const rowSums = tf.tidy(() => tf.sum(tf.abs(table), 1).dataSync());
    expect(ids.every((id) => rowSums[id]! > 0)).toBe(true);
    expect(Array.from(rowSums).filter((s) => s > 0)).toHaveLength(ids.length);
    vl.dispose();
  });

  it("refuses a NaN weight, naming the tensor, and lists missing and unknown tensors", async () => {
    const { path } = await savedModel();
    const nan = await rewrite(path, (t) => {
      t["model.norm.weight"]!.data[1] = NaN;
    });
    await expect(loadMnistVL(nan, tokenizer)).rejects.toThrow(`${nan}: refusing weights that are not finite: tensor model.norm.weight holds NaN at index 1 (shape [8])`);
    const renamed = await rewrite(path, (t) => {
      t["model.final_norm.weight"] = t["model.norm.weight"]!;
      delete t["model.norm.weight"];
    });
    await expect(loadMnistVL(renamed, tokenizer)).rejects.toThrow(/does not match the MnistVL config in its metadata: missing 1: model\.norm\.weight; unknown 1: model\.final_norm\.weight$/);
  });

  it("names the file when the active ids are not distinct token ids", async () => {
    const { path } = await savedModel();
    const bad = await rewrite(path, (t) => {
      t["model.embed_tokens.active_ids"]!.data[1] = t["model.embed_tokens.active_ids"]!.data[0]!;
    });
    await expect(loadMnistVL(bad, tokenizer)).rejects.toThrow(`${bad}: model.embed_tokens.active_ids must be distinct token ids in [0, 151936)`);
  });
});
