import type { RawTensor, SafetensorsFile } from "@llmnist/safetensors";
import { describe, expect, it } from "vitest";
import { inferPreset } from "./infer-config.js";

/** A file with only the tensors the inference reads (shapes by hand from PAPER.md's table). */
function fakeFile(layers: number, shapes: Record<string, number[]>): SafetensorsFile {
  const tensors = new Map<string, RawTensor>();
  const add = (name: string, shape: number[]): void => {
    tensors.set(name, { dtype: "F32", shape, bytes: new Uint8Array(0) });
  };
  for (const [name, shape] of Object.entries(shapes)) add(name, shape);
  for (let i = 1; i < layers; i++) add(`layers.${i}.norm1.weight`, [1]);
  return { tensors, metadata: {} };
}

describe("inferPreset", () => {
  it("tells 0.21M from 0.25M by the key/value width (2 vs 8 kv heads of 8 dims)", () => {
    const pytorch = (kv: number) =>
      fakeFile(6, {
        cls_token: [1, 1, 64],
        "patch_embed.proj.weight": [64, 1, 7, 7],
        "layers.0.mlp.gate_proj.weight": [128, 64],
        "layers.0.attn.k_proj.bias": [kv],
        "head.bias": [10],
      });
    expect(inferPreset(pytorch(16), "pytorch", "a")).toBe("0.21M");
    expect(inferPreset(pytorch(64), "pytorch", "b")).toBe("0.25M");
  });

  it("reads the llmnist (tfjs) layout: patch kernel [p*p, dim], linears [in, out]", () => {
    const file = fakeFile(12, {
      cls_token: [1, 1, 128],
      "patch_embed.proj.weight": [16, 128],
      "layers.0.mlp.gate_proj.weight": [128, 256],
      "layers.0.attn.k_proj.bias": [32],
      "head.bias": [10],
    });
    expect(inferPreset(file, "llmnist", "c")).toBe("1.68M");
  });

  it("recognises a mixture of experts by its router (mlp.gate) and counts the experts, in both layouts", () => {
    const moe = (layout: "pytorch" | "llmnist", experts: number) => {
      const shapes: Record<string, number[]> = {
        cls_token: [1, 1, 64],
        "patch_embed.proj.weight": layout === "pytorch" ? [64, 1, 7, 7] : [49, 64],
        "layers.0.mlp.gate.weight": layout === "pytorch" ? [experts, 64] : [64, experts],
        "layers.0.attn.k_proj.bias": [16],
        "head.bias": [10],
      };
      for (let e = 0; e < experts; e++) shapes[`layers.0.mlp.experts.${e}.gate_proj.weight`] = layout === "pytorch" ? [128, 64] : [64, 128];
      return fakeFile(6, shapes);
    };
    expect(inferPreset(moe("llmnist", 4), "llmnist", "a")).toBe("0.21M-moe4");
    expect(inferPreset(moe("pytorch", 4), "pytorch", "b")).toBe("0.21M-moe4");
    expect(() => inferPreset(moe("llmnist", 8), "llmnist", "moe8.safetensors")).toThrow(
      /moe8\.safetensors: cannot tell the ViT preset .*numExperts=8\); a mixture of experts' routing \(top-k, capacity\) is not in the tensors either; pass --preset \(one of 0\.21M, 0\.25M, 1\.68M, 53\.53M, 0\.21M-moe4\)/,
    );
  });

  it("asks for --preset when no preset has these shapes", () => {
    const file = fakeFile(3, {
      cls_token: [1, 1, 64],
      "patch_embed.proj.weight": [64, 1, 7, 7],
      "layers.0.mlp.gate_proj.weight": [128, 64],
      "layers.0.attn.k_proj.bias": [16],
      "head.bias": [10],
    });
    expect(() => inferPreset(file, "pytorch", "small.safetensors")).toThrow(/small\.safetensors: cannot tell the ViT preset .*numLayers=3.*pass --preset/);
  });

  it("names a missing tensor (not a ViT file)", () => {
    const file = fakeFile(1, { "model.embed_tokens.weight": [100, 8] });
    expect(() => inferPreset(file, "pytorch", "qwen.safetensors")).toThrow(/qwen\.safetensors: not a ViT checkpoint: tensor "cls_token" is missing/);
  });
});
