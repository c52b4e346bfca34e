import { readSafetensorsFile, toFloat32, type WritableTensor, writeSafetensorsFile } from "@llmnist/safetensors";
import * as tf from "@tensorflow/tfjs-core";
import { MnistVL } from "./mnistvl-model.js";
import { PixelProjector, type ProjectorConfig, validateProjectorConfig } from "./projector.js";
import { validateQwen2Config, type Qwen2Config } from "./qwen2-config.js";
import { createQwen2ForCausalLM } from "./qwen2-model.js";
import { ActiveVocabulary } from "./text-head.js";
import type { ChatTokenizer } from "./tokenizer.js";
import { buildVisionPrompt, MNIST_QUESTION } from "./vision-prompt.js";

export const MNISTVL_FORMAT = "llmnist.mnistvl";
const EMBED = "model.embed_tokens.weight";
const ACTIVE_ROWS = "model.embed_tokens.active_rows";
const ACTIVE_IDS = "model.embed_tokens.active_ids";

/** What defines an MnistVL model besides its weights. */
export interface MnistVLSpec {
  lm: Qwen2Config;
  projector: ProjectorConfig;
  question: string;
}

function f32(t: tf.Tensor): WritableTensor {
  return { dtype: "F32", shape: [...t.shape], data: Float32Array.from(t.dataSync() as Float32Array) };
}

/**
 * The weights of a (from-scratch) MnistVL as named tensors, kernels in tfjs' `[in, out]`
 * layout. With an active vocabulary only its rows and ids are stored: the other 151,9xx
 * embedding rows are zero by construction, so a 64-wide model stays a few MB.
 */
export function mnistVLTensors(vl: MnistVL, vocab: ActiveVocabulary | null): Record<string, WritableTensor> {
  const out: Record<string, WritableTensor> = {};
  for (const [name, variable] of vl.namedWeights()) {
    if (vocab && name === EMBED) continue;
    out[name] = f32(variable);
  }
  if (vocab) {
    out[ACTIVE_ROWS] = f32(vocab.table);
    out[ACTIVE_IDS] = { dtype: "I32", shape: [vocab.ids.length], data: Int32Array.from(vocab.ids) };
  }
  return out;
}

export function specMetadata(spec: MnistVLSpec): Record<string, string> {
  return { format: MNISTVL_FORMAT, version: "1", lm: JSON.stringify(spec.lm), projector: JSON.stringify(spec.projector), question: spec.question };
}

export async function saveMnistVL(path: string, vl: MnistVL, spec: MnistVLSpec, vocab: ActiveVocabulary | null): Promise<void> {
  await writeSafetensorsFile(path, mnistVLTensors(vl, vocab), specMetadata(spec));
}

export function parseSpec(metadata: Record<string, string>, source: string): MnistVLSpec {
  if (metadata.format !== MNISTVL_FORMAT) throw new Error(`${source}: metadata "format" is ${JSON.stringify(metadata.format)}, expected "${MNISTVL_FORMAT}"`);
  const json = (field: string): unknown => {
    const text = metadata[field];
    if (text === undefined) throw new Error(`${source}: missing metadata "${field}"`);
    try {
      return JSON.parse(text);
    } catch (err) {
      throw new Error(`${source}: metadata "${field}" is not JSON (${(err as Error).message})`);
    }
  };
  const lm = json("lm") as Qwen2Config;
  validateQwen2Config(lm, `${source}: metadata "lm"`);
  const projector = json("projector") as ProjectorConfig;
  validateProjectorConfig(projector, `${source}: metadata "projector"`);
  return { lm, projector, question: metadata.question ?? MNIST_QUESTION };
}

/** Build an untrained MnistVL for a spec (the prompt comes from the tokenizer). */
export function createMnistVL(spec: MnistVLSpec, tokenizer: ChatTokenizer, seed?: number): MnistVL {
  const lm = createQwen2ForCausalLM(spec.lm, { seed });
  const projector = new PixelProjector(spec.projector, spec.lm.hiddenSize, { seed: seed === undefined ? undefined : seed + 7 });
  projector.build();
  return new MnistVL(lm, projector, buildVisionPrompt(tokenizer, projector.imageTokens, spec.question));
}

/** Copy named tensors into the model (shapes checked); an active-rows embedding is expanded with zero rows. */
export function assignMnistVLTensors(vl: MnistVL, tensors: Map<string, { shape: number[]; data: Float32Array | Int32Array }>, source: string): void {
  for (const [name, variable] of vl.namedWeights()) {
    if (name === EMBED && !tensors.has(EMBED)) {
      const rows = tensors.get(ACTIVE_ROWS);
      const ids = tensors.get(ACTIVE_IDS);
      if (!rows || !ids) throw new Error(`${source}: missing tensor ${EMBED} (or ${ACTIVE_ROWS} + ${ACTIVE_IDS})`);
      const table = tf.tensor2d(Float32Array.from(rows.data), rows.shape as [number, number]);
      const vocab = new ActiveVocabulary(Array.from(ids.data), vl.lm.qwenConfig.vocabSize, table);
      table.dispose();
      vocab.writeInto(vl.lm);
      vocab.dispose();
      continue;
    }
    const t = tensors.get(name);
    if (!t) throw new Error(`${source}: missing tensor ${name}`);
    if (t.shape.length !== variable.rank || t.shape.some((v, i) => v !== variable.shape[i])) {
      throw new Error(`${source}: tensor ${name}: expected shape [${variable.shape.join(", ")}], got [${t.shape.join(", ")}]`);
    }
    const value = tf.tensor(Float32Array.from(t.data), t.shape);
    variable.assign(value);
    value.dispose();
  }
}

/** Load a model written by saveMnistVL (or a training checkpoint, whose extra tensors are ignored). */
export async function loadMnistVL(path: string, tokenizer: ChatTokenizer): Promise<{ vl: MnistVL; spec: MnistVLSpec }> {
  const file = await readSafetensorsFile(path);
  const spec = parseSpec(file.metadata, path);
  const tensors = new Map<string, { shape: number[]; data: Float32Array | Int32Array }>();
  for (const [name, raw] of file.tensors) {
    tensors.set(name, { shape: raw.shape, data: raw.dtype === "I32" ? new Int32Array(toFloat32(raw)) : toFloat32(raw) });
  }
  const vl = createMnistVL(spec, tokenizer);
  try {
    assignMnistVLTensors(vl, tensors, path);
  } catch (err) {
    vl.dispose();
    throw err;
  }
  return { vl, spec };
}
