import * as tf from "@tensorflow/tfjs-core";
import { assignNamedTensors, type SafetensorsFile } from "@llmnist/safetensors";
import { fromTorchLayout, roleOf, toTorchLayout, torchShapeOf } from "./pytorch-layout.js";
import type { VisionTransformer } from "./vision-transformer.js";

/**
 * Load PyTorch weights (names and layouts of the reference `vit_reference.py`) into a model.
 * Every parameter must be present with the right shape and finite values; extra tensors are
 * an error too, since they usually mean the wrong preset. Nothing is assigned unless all fit.
 */
export function loadPyTorchState(model: VisionTransformer, file: SafetensorsFile, source: string): void {
  const patchSize = model.vitConfig.patchSize;
  assignNamedTensors(model.namedParameters(), file.tensors, {
    source,
    target: `the ViT (${describe(model)})`,
    storedShape: (name, variable) => torchShapeOf(roleOf(name, variable.rank), variable.shape, patchSize),
    toVariableLayout: (name, torch, variable) => fromTorchLayout(roleOf(name, variable.rank), torch, patchSize),
  });
}

/** The model's weights as PyTorch tensors (names and layouts), e.g. for `torch.load`-free interop. */
export function toPyTorchState(model: VisionTransformer): Map<string, tf.Tensor> {
  const patchSize = model.vitConfig.patchSize;
  return new Map(model.namedParameters().map(([name, variable]) => [name, toTorchLayout(roleOf(name, variable.rank), variable, patchSize)]));
}

function describe(model: VisionTransformer): string {
  const c = model.vitConfig;
  const mlp = c.mlp?.type === "moe" ? ` experts=${c.mlp.numExperts} top_k=${c.mlp.topK ?? 1}` : "";
  return `layers=${c.numLayers} patch=${c.patchSize} dim=${c.hiddenSize} hidden=${c.intermediateSize} n_q=${c.numHeads} n_kv=${c.numKvHeads}${mlp}`;
}
