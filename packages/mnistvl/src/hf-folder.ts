import { mkdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { loadSafetensorsFolder, writeFileAtomic, writeSafetensorsFile } from "@llmnist/safetensors/node";
import { loadQwen2State, qwen2StateTensors } from "./hf-checkpoint.js";
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
  const tensors = qwen2StateTensors(model, dir);
  await mkdir(dir, { recursive: true });
  await writeSafetensorsFile(join(dir, "model.safetensors"), tensors, { format: "pt" });
  await writeFileAtomic(join(dir, "config.json"), new TextEncoder().encode(`${JSON.stringify(toHfConfigJson(model.qwenConfig), null, 2)}\n`));
}
