import type { SafetensorsFile } from "@llmnist/safetensors";
import { VIT_PRESETS, type ViTConfig, type ViTPresetName } from "@llmnist/vit";
import type { WeightsLayout } from "./checkpoint-kind.js";

/** The shape facts a file shows about its ViT; the head count is not among them. */
interface ShapeSignature {
  numLayers: number;
  patchSize: number;
  hiddenSize: number;
  intermediateSize: number;
  /** n_kv * head_dim: the width of k_proj. */
  kvWidth: number;
  numClasses: number;
}

function presetSignature(c: ViTConfig): ShapeSignature {
  const { numLayers, patchSize, hiddenSize, intermediateSize, numClasses } = c;
  return { numLayers, patchSize, hiddenSize, intermediateSize, numClasses, kvWidth: (c.numKvHeads * hiddenSize) / c.numHeads };
}

function shapeOf(file: SafetensorsFile, name: string, source: string): number[] {
  const tensor = file.tensors.get(name);
  if (tensor === undefined) {
    const some = [...file.tensors.keys()].slice(0, 5).join(", ");
    throw new Error(`${source}: not a ViT checkpoint: tensor "${name}" is missing (the file has ${file.tensors.size} tensors: ${some}${file.tensors.size > 5 ? ", ..." : ""})`);
  }
  return tensor.shape;
}

/** Reads the ViT's dimensions off the tensor shapes (layouts differ: PyTorch stores linears [out, in]). */
export function fileSignature(file: SafetensorsFile, layout: WeightsLayout, source: string): ShapeSignature {
  const layers = new Set<number>();
  for (const name of file.tensors.keys()) {
    const match = /^layers\.(\d+)\./.exec(name);
    if (match) layers.add(Number(match[1]));
  }
  const hiddenSize = shapeOf(file, "cls_token", source).at(-1) ?? 0;
  const patch = shapeOf(file, "patch_embed.proj.weight", source); // PyTorch [d, 1, p, p]; llmnist [p*p, d]
  const gate = shapeOf(file, "layers.0.mlp.gate_proj.weight", source); // PyTorch [h, d]; llmnist [d, h]
  return {
    numLayers: layers.size,
    hiddenSize,
    patchSize: layout === "pytorch" ? (patch[2] ?? 0) : Math.round(Math.sqrt(patch[0] ?? 0)),
    intermediateSize: (layout === "pytorch" ? gate[0] : gate[1]) ?? 0,
    kvWidth: shapeOf(file, "layers.0.attn.k_proj.bias", source)[0] ?? 0,
    numClasses: shapeOf(file, "head.bias", source)[0] ?? 0,
  };
}

/** The preset whose shapes the file has; a clear error asking for --preset when none (or several) fit. */
export function inferPreset(file: SafetensorsFile, layout: WeightsLayout, source: string): ViTPresetName {
  const found = fileSignature(file, layout, source);
  const matches = (Object.keys(VIT_PRESETS) as ViTPresetName[]).filter((name) => {
    const want = presetSignature(VIT_PRESETS[name]);
    return (Object.keys(want) as Array<keyof ShapeSignature>).every((k) => want[k] === found[k]);
  });
  if (matches.length === 1) return matches[0]!;
  const seen = Object.entries(found).map(([k, v]) => `${k}=${v}`).join(" ");
  throw new Error(
    `${source}: cannot tell the ViT preset from the tensor shapes (${seen}); ` +
      `pass --preset (one of ${Object.keys(VIT_PRESETS).join(", ")})`,
  );
}
