import "@tensorflow/tfjs-backend-cpu";
import { describe, expect, it } from "vitest";
import { expectedParameterCount, resolveViTConfig, VIT_PRESETS } from "./config.js";
import { createVisionTransformer } from "./vision-transformer.js";

describe("ViT presets", () => {
  // The paper's Table 6-1 parameter counts, exactly.
  it.each([
    ["0.21M", 214_090],
    ["0.25M", 251_530],
    ["1.68M", 1_680_010],
    ["53.53M", 53_534_218],
  ] as const)("%s has %i trainable parameters", (preset, count) => {
    expect(expectedParameterCount(VIT_PRESETS[preset])).toBe(count);
    const model = createVisionTransformer(preset, { seed: 1 });
    expect(model.countParams()).toBe(count);
    model.disposeWeights();
  });

  it("names parameters like the PyTorch reference", () => {
    const model = createVisionTransformer("0.21M");
    const names = model.namedParameters().map(([n]) => n);
    expect(names.slice(0, 3)).toEqual(["patch_embed.proj.weight", "cls_token", "layers.0.norm1.weight"]);
    expect(names).toContain("layers.5.mlp.gate_proj.weight");
    expect(names.slice(-2)).toEqual(["head.weight", "head.bias"]);
    expect(new Set(names).size).toBe(names.length);
    model.disposeWeights();
  });

  it("rejects unknown presets and inconsistent configs with the reason", () => {
    expect(() => resolveViTConfig("0.3M")).toThrow(/unknown ViT preset "0.3M"; expected one of 0.21M, 0.25M, 1.68M, 53.53M/);
    expect(() => resolveViTConfig({ ...VIT_PRESETS["0.21M"], patchSize: 5 })).toThrow(/imageSize 28 is not divisible by patchSize 5/);
    expect(() => resolveViTConfig({ ...VIT_PRESETS["0.21M"], numKvHeads: 3 })).toThrow(/numKvHeads 3 must divide numHeads 8/);
  });
});
