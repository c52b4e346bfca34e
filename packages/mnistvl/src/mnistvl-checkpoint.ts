import { assignNamedTensors, type DecodedTensor, type RawTensor, type SafetensorsFile, type TensorSource, toFloat32, type WritableTensor } from "@llmnist/safetensors";
import * as tf from "@tensorflow/tfjs-core";
import { MnistVL } from "./mnistvl-model.js";
import { PixelProjector, type ProjectorConfig, validateProjectorConfig } from "./projector.js";
import { validateQwen2Config, type Qwen2Config } from "./qwen2-config.js";
import { createQwen2ForCausalLM } from "./qwen2-model.js";
import type { ActiveVocabulary } from "./text-head.js";
import type { ChatTokenizer } from "./chat-tokenizer.js";
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

/**
 * A stored active-vocabulary table (`rows` [active, hidden] for token `ids`) as the model's full
 * embedding [vocab, hidden]: each row at its id, every other row zero.
 */
function expandActiveRows(rows: RawTensor, ids: RawTensor, vocabSize: number, source: string): DecodedTensor {
  const idList = Array.from(toFloat32(ids));
  const [active, hidden] = rows.shape;
  if (ids.shape.length !== 1 || rows.shape.length !== 2 || active !== idList.length) {
    throw new Error(`${source}: ${ACTIVE_ROWS} [${rows.shape.join(", ")}] must be [${ACTIVE_IDS} count, hidden] with ${ACTIVE_IDS} 1-D, got [${ids.shape.join(", ")}]`);
  }
  const bad = idList.find((id, i) => !Number.isInteger(id) || id < 0 || id >= vocabSize || idList.indexOf(id) !== i);
  if (bad !== undefined) throw new Error(`${source}: ${ACTIVE_IDS} must be distinct token ids in [0, ${vocabSize}), found ${bad}`);
  const values = toFloat32(rows);
  const data = new Float32Array(vocabSize * hidden!);
  idList.forEach((id, i) => data.set(values.subarray(i * hidden!, (i + 1) * hidden!), id * hidden!));
  return { shape: [vocabSize, hidden!], data };
}

/**
 * Copy a saved model's tensors into `vl`, all or nothing (names, shapes and finiteness checked
 * first); an active-vocabulary table is expanded to the full embedding with zero rows.
 */
export function assignMnistVLTensors(vl: MnistVL, tensors: ReadonlyMap<string, RawTensor>, source: string): void {
  const named = new Map<string, TensorSource>(tensors);
  const rows = tensors.get(ACTIVE_ROWS);
  const ids = tensors.get(ACTIVE_IDS);
  if (!tensors.has(EMBED) && rows && ids) {
    named.set(EMBED, expandActiveRows(rows, ids, vl.lm.qwenConfig.vocabSize, source));
    named.delete(ACTIVE_ROWS);
    named.delete(ACTIVE_IDS);
  }
  assignNamedTensors(vl.namedWeights(), named, {
    source,
    target: "the MnistVL config in its metadata",
    allowUnused: (name) => name.startsWith("adamw."), // a training checkpoint's optimizer state
  });
}

/**
 * A model from a parsed file written by saveMnistVL (e.g. fetched and parsed in a browser);
 * a training checkpoint's optimizer state, `adamw.*`, is skipped. `source` names it in errors.
 */
export function mnistVLFromFile(file: SafetensorsFile, tokenizer: ChatTokenizer, source: string): { vl: MnistVL; spec: MnistVLSpec } {
  const spec = parseSpec(file.metadata, source);
  const vl = createMnistVL(spec, tokenizer);
  try {
    assignMnistVLTensors(vl, file.tensors, source);
  } catch (err) {
    vl.dispose();
    throw err;
  }
  return { vl, spec };
}
