import type { Linear, TransformerBlock } from "@llmnist/nn-layers";

/** The decoder linears LoRA can adapt, by their Hugging Face module names. */
export const LORA_TARGETS = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"] as const;
export type LoraModuleName = (typeof LORA_TARGETS)[number];

/** A place in a decoder block that holds a Linear: read it, or put another (an adapter, a merged linear) there. */
export interface LinearSlot {
  target: LoraModuleName;
  get(): Linear | null;
  set(linear: Linear): void;
}

/** The seven linears of one Qwen2 decoder block, in LORA_TARGETS order. */
export function decoderLinearSlots(block: TransformerBlock): LinearSlot[] {
  const attn = block.attn;
  // gate/up are readonly on SwiGLUMLP because they never change shape; swapping in a Linear of the same shape is safe.
  const mlp = block.mlp as unknown as Record<"gateProj" | "upProj" | "downProj", Linear | null>;
  return [
    { target: "q_proj", get: () => attn.qProj, set: (l) => (attn.qProj = l) },
    { target: "k_proj", get: () => attn.kProj, set: (l) => (attn.kProj = l) },
    { target: "v_proj", get: () => attn.vProj, set: (l) => (attn.vProj = l) },
    { target: "o_proj", get: () => attn.oProj, set: (l) => (attn.oProj = l) },
    { target: "gate_proj", get: () => mlp.gateProj, set: (l) => (mlp.gateProj = l) },
    { target: "up_proj", get: () => mlp.upProj, set: (l) => (mlp.upProj = l) },
    { target: "down_proj", get: () => mlp.downProj, set: (l) => (mlp.downProj = l) },
  ];
}
