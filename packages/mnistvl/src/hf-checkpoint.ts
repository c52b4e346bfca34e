import { readFile } from "node:fs/promises";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs-core";
import { mkdir } from "node:fs/promises";
import { loadSafetensorsFolder, type SafetensorsFile, toFloat32, type WritableTensor, writeFileAtomic, writeSafetensorsFile } from "@llmnist/safetensors";
import { hfShapeOf, isLinearKernel, transpose2d } from "./hf-layout.js";
import { parseQwen2Config, toHfConfigJson, type Qwen2Config } from "./qwen2-config.js";
import { createQwen2ForCausalLM, type Qwen2ForCausalLM, type Qwen2Options } from "./qwen2-model.js";

/** Read and parse `dir/config.json`. */
export async function readQwen2Config(dir: string): Promise<Qwen2Config> {
  const path = join(dir, "config.json");
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    throw new Error(`${path}: cannot read the model config (${(err as Error).message})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(`${path}: not valid JSON (${(err as Error).message})`);
  }
  return parseQwen2Config(json, path);
}

/**
 * Copy HF tensors (F32/F16/BF16, any of them) into the model. Every weight must be present
 * with HF's shape; a tied model ignores a stored `lm_head.weight`. Other extra tensors are
 * an error: they usually mean a different architecture. Nothing is assigned unless all fit.
 */
export function loadQwen2State(model: Qwen2ForCausalLM, file: SafetensorsFile, source: string): void {
  const named = model.namedWeights();
  const expected = new Set(named.map(([name]) => name));
  const ignorable = (name: string) => model.qwenConfig.tieWordEmbeddings && name === "lm_head.weight";
  const missing = named.map(([name]) => name).filter((name) => !file.tensors.has(name));
  const unexpected = [...file.tensors.keys()].filter((name) => !expected.has(name) && !ignorable(name));
  if (missing.length > 0 || unexpected.length > 0) {
    const list = (xs: string[]) => `${xs.slice(0, 6).join(", ")}${xs.length > 6 ? ", ..." : ""}`;
    const parts: string[] = [];
    if (missing.length > 0) parts.push(`missing ${missing.length}: ${list(missing)}`);
    if (unexpected.length > 0) parts.push(`unexpected ${unexpected.length}: ${list(unexpected)}`);
    throw new Error(`${source}: does not match the Qwen2 config: ${parts.join("; ")}`);
  }
  for (const [name, variable] of named) {
    const raw = file.tensors.get(name)!;
    const want = hfShapeOf(name, variable.shape as number[]);
    if (raw.shape.length !== want.length || raw.shape.some((v, i) => v !== want[i])) {
      throw new Error(`${source}: tensor ${name}: expected shape [${want.join(", ")}] (from config.json), got [${raw.shape.join(", ")}]`);
    }
  }
  for (const [name, variable] of named) {
    const raw = file.tensors.get(name)!;
    let data = toFloat32(raw);
    if (isLinearKernel(name, raw.shape.length)) data = transpose2d(data, raw.shape[0]!, raw.shape[1]!); // [out, in] -> [in, out]
    const value = tf.tensor(data, variable.shape as number[], "float32");
    variable.write(value);
    value.dispose();
  }
}

/**
 * Load a Hugging Face Qwen2 checkpoint folder: `config.json` and `model.safetensors` or a
 * sharded `model.safetensors.index.json` (F32, F16 or BF16 tensors; computed in float32).
 */
export async function loadQwen2Folder(dir: string, options: Qwen2Options = {}): Promise<Qwen2ForCausalLM> {
  const config = await readQwen2Config(dir);
  const file = await loadSafetensorsFolder(dir);
  const model = createQwen2ForCausalLM(config, options);
  try {
    loadQwen2State(model, file, dir);
  } catch (err) {
    model.disposeWeights();
    throw err;
  }
  return model;
}

/** Write a Hugging Face folder (config.json + model.safetensors, F32, HF names and `[out, in]` layouts), atomically. */
export async function saveQwen2Folder(model: Qwen2ForCausalLM, dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  const tensors: Record<string, WritableTensor> = {};
  for (const [name, variable] of model.namedWeights()) {
    const shape = variable.shape as number[];
    let data: Float32Array = Float32Array.from(variable.read().dataSync() as Float32Array);
    if (isLinearKernel(name, shape.length)) data = transpose2d(data, shape[0]!, shape[1]!); // [in, out] -> [out, in]
    tensors[name] = { dtype: "F32", shape: hfShapeOf(name, shape), data };
  }
  await writeSafetensorsFile(join(dir, "model.safetensors"), tensors, { format: "pt" });
  await writeFileAtomic(join(dir, "config.json"), new TextEncoder().encode(`${JSON.stringify(toHfConfigJson(model.qwenConfig), null, 2)}\n`));
}
