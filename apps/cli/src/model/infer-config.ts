import type { SafetensorsFile } from "@llmnist/safetensors";
import { resolveViTConfig, type ViTConfig } from "@llmnist/vit";
import type { WeightsLayout } from "./checkpoint-kind.js";
import { PRESET_NAMES, type PresetName } from "./preset-name.js";

/** The shape facts a file shows about its ViT; the head count and an MoE's top-k are not among them. */
interface ShapeSignature {
  numLayers: number;
  patchSize: number;
  hiddenSize: number;
  /** SwiGLU hidden width (each expert's, for a mixture of experts). */
  intermediateSize: number;
  /** n_kv * head_dim: the width of k_proj. */
  kvWidth: number;
  numClasses: number;
  /** Experts per block; 0 for the plain SwiGLU MLP. */
  numExperts: number;
}

function presetSignature(c: ViTConfig): ShapeSignature {
  const { numLayers, patchSize, hiddenSize, intermediateSize, numClasses } = c;
  const numExperts = c.mlp?.type === "moe" ? c.mlp.numExperts : 0;
  return { numLayers, patchSize, hiddenSize, intermediateSize, numClasses, numExperts, kvWidth: (c.numKvHeads * hiddenSize) / c.numHeads };
}

function shapeOf(file: SafetensorsFile, name: string, source: string): number[] {
  const tensor = file.tensors.get(name);
  if (tensor === undefined) {
    const some = [...file.tensors.keys()].slice(0, 5).join(", ");
    throw new Error(`${source}: not a ViT checkpoint: tensor "${name}" is missing (the file has ${file.tensors.size} tensors: ${some}${file.tensors.size > 5 ? ", ..." : ""})`);
  }
  return tensor.shape;
}

/** Distinct values of the first capture group over the file's tensor names. */
function indicesIn(file: SafetensorsFile, pattern: RegExp): number {
  const seen = new Set<number>();
  for (const name of file.tensors.keys()) {
    const match = pattern.exec(name);
    if (match) seen.add(Number(match[1]));
  }
  return seen.size;
}

/** A mixture of experts has a router (`mlp.gate`, Qwen2-MoE's name) where SwiGLU has `mlp.gate_proj`. */
const ROUTER = "layers.0.mlp.gate.weight";

/** Reads the ViT's dimensions off the tensor shapes (layouts differ: PyTorch stores linears [out, in]). */
export function fileSignature(file: SafetensorsFile, layout: WeightsLayout, source: string): ShapeSignature {
  const hiddenSize = shapeOf(file, "cls_token", source).at(-1) ?? 0;
  const patch = shapeOf(file, "patch_embed.proj.weight", source); // PyTorch [d, 1, p, p]; llmnist [p*p, d]
  const moe = file.tensors.has(ROUTER);
  const numExperts = moe ? indicesIn(file, /^layers\.0\.mlp\.experts\.(\d+)\./) : 0;
  // PyTorch [h, d]; llmnist [d, h]
  const gate = shapeOf(file, moe ? "layers.0.mlp.experts.0.gate_proj.weight" : "layers.0.mlp.gate_proj.weight", source);
  return {
    numLayers: indicesIn(file, /^layers\.(\d+)\./),
    hiddenSize,
    patchSize: layout === "pytorch" ? (patch[2] ?? 0) : Math.round(Math.sqrt(patch[0] ?? 0)),
    intermediateSize: (layout === "pytorch" ? gate[0] : gate[1]) ?? 0,
    kvWidth: shapeOf(file, "layers.0.attn.k_proj.bias", source)[0] ?? 0,
    numClasses: shapeOf(file, "head.bias", source)[0] ?? 0,
    numExperts,
  };
}

/**
 * The preset (the paper's or a mixture-of-experts one) whose shapes the file has; a clear
 * error asking for --preset when none (or several) fit.
 */
export function inferPreset(file: SafetensorsFile, layout: WeightsLayout, source: string): PresetName {
  const found = fileSignature(file, layout, source);
  const matches = PRESET_NAMES.filter((name) => {
    const want = presetSignature(resolveViTConfig(name));
    return (Object.keys(want) as Array<keyof ShapeSignature>).every((k) => want[k] === found[k]);
  });
  if (matches.length === 1) return matches[0]!;
  const seen = Object.entries(found).map(([k, v]) => `${k}=${v}`).join(" ");
  // top-k, capacity and the aux-loss weight leave no trace in the weights: only a preset or a stored config has them.
  const moe = found.numExperts > 0 ? "; a mixture of experts' routing (top-k, capacity) is not in the tensors either" : "";
  throw new Error(
    `${source}: cannot tell the ViT preset from the tensor shapes (${seen})${moe}; ` +
      `pass --preset (one of ${PRESET_NAMES.join(", ")})`,
  );
}
