import * as tf from "@tensorflow/tfjs-core";
import * as tfl from "@tensorflow/tfjs-layers";
import { Linear } from "@llmnist/nn-layers";
import { decoderLinearSlots } from "./linear-slots.js";
import { LoraLinear } from "./lora.js";
import type { Qwen2ForCausalLM } from "./qwen2-model.js";

/**
 * Fold every LoRA adapter of the LM into its base linear, in place: each `LoraLinear` is
 * replaced by a plain float32 `Linear` under the same name whose kernel is
 * `W + (alpha / r) * A B` (`[in, out]`; in PyTorch's `[out, in]` layout that is
 * `W + (alpha / r) * B A`). An NF4 base (QLoRA) is dequantised first, so the merged linear
 * holds float32 weights. The adapters' weights are disposed; bias and `trainable` flags are
 * kept as they were (`applyLora` froze the whole LM). The LM then has exactly the weights of
 * a plain Qwen2 and can be written with `saveQwen2Folder`. Returns the names of the merged
 * linears (none when the LM has no adapters).
 */
export function mergeLora(lm: Qwen2ForCausalLM): string[] {
  const merged: string[] = [];
  for (const block of lm.model.layers) {
    for (const slot of decoderLinearSlots(block)) {
      const adapter = slot.get();
      if (!(adapter instanceof LoraLinear)) continue;
      slot.set(mergedLinear(adapter));
      merged.push(adapter.name);
    }
  }
  return merged;
}

/** A plain Linear computing what the adapter computes at inference (dropout off). */
function mergedLinear(adapter: LoraLinear): Linear {
  const kernelValue = tf.tidy(() => tf.add(adapter.baseKernel(), adapter.deltaKernel())); // [in, out]
  let kernel: tfl.LayerVariable;
  if (adapter.kernel) {
    // fp32 base: reuse its variable (and its name) so nothing else holding it goes stale.
    kernel = adapter.kernel;
    kernel.write(kernelValue);
  } else {
    kernel = new tfl.LayerVariable(kernelValue, "float32", `${adapter.name}.weight`, false);
  }
  kernelValue.dispose(); // the variable holds its own reference
  adapter.loraA.dispose();
  adapter.loraB.dispose();
  const linear = new Linear({ units: adapter.units, useBias: adapter.useBias, name: adapter.name });
  linear.kernel = kernel;
  linear.bias = adapter.bias;
  // Registered by hand, as LoraLinear does: build() would draw random weights only to overwrite them.
  linear.trainableWeights = [kernel, ...(adapter.bias ? [adapter.bias] : [])];
  linear.built = true;
  return linear;
}
