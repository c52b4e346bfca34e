import * as tf from "@tensorflow/tfjs-core";
import { assignNamedTensors, type SafetensorsFile, type WritableTensor } from "@llmnist/safetensors";
import { hfShapeOf, isLinearKernel, transpose2d } from "./hf-layout.js";
import type { Qwen2ForCausalLM } from "./qwen2-model.js";

/**
 * Copy HF tensors (F32/F16/BF16, any of them) into the model. Every weight must be present
 * with HF's shape and finite values; a tied model ignores a stored `lm_head.weight`. Other
 * extra tensors are an error: they usually mean a different architecture. Nothing is
 * assigned unless all fit.
 */
export function loadQwen2State(model: Qwen2ForCausalLM, file: SafetensorsFile, source: string): void {
  const tied = model.qwenConfig.tieWordEmbeddings;
  assignNamedTensors(
    model.namedWeights().map(([name, weight]): [string, tf.Variable] => [name, weight.read() as tf.Variable]),
    file.tensors,
    {
      source,
      target: "the Qwen2 config",
      allowUnused: (name) => tied && name === "lm_head.weight",
      storedShape: (name, variable) => hfShapeOf(name, variable.shape),
      toVariableLayout: (name, value) => (isLinearKernel(name, value.rank) ? tf.transpose(value) : value), // [out, in] -> [in, out]
    },
  );
}

/**
 * The model's weights as a Hugging Face checkpoint holds them (F32, HF names, `[out, in]`
 * linear layouts). A model with LoRA adapters must be merged first (mergeLora).
 */
export function qwen2StateTensors(model: Qwen2ForCausalLM, source: string): Record<string, WritableTensor> {
  // An adapted model has no plain base kernel to write (NF4) and extra tensors HF would not load.
  const adapterWeight = model.namedWeights().find(([name]) => /\.lora_[AB]\.weight$/.test(name));
  if (adapterWeight) throw new Error(`saveQwen2Folder: ${source}: the model has LoRA adapters (${adapterWeight[0]}); call mergeLora(model) first`);
  const tensors: Record<string, WritableTensor> = {};
  for (const [name, variable] of model.namedWeights()) {
    const shape = variable.shape as number[];
    let data: Float32Array = Float32Array.from(variable.read().dataSync() as Float32Array);
    if (isLinearKernel(name, shape.length)) data = transpose2d(data, shape[0]!, shape[1]!); // [in, out] -> [out, in]
    tensors[name] = { dtype: "F32", shape: hfShapeOf(name, shape), data };
  }
  return tensors;
}
