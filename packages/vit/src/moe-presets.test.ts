import "@tensorflow/tfjs-backend-cpu";
import * as tf from "@tensorflow/tfjs-core";
import * as tfl from "@tensorflow/tfjs-layers";
import { collectAuxiliaryLosses, MoEMLP } from "@llmnist/nn-layers";
import { parseSafetensors, serializeSafetensors } from "@llmnist/safetensors";
import { describe, expect, it } from "vitest";
import { activeParameterCount, expectedParameterCount, resolveViTConfig, VIT_MOE_PRESETS, VIT_PRESETS } from "./config.js";
import { createVisionTransformer } from "./vision-transformer.js";
import { vitFromSafetensors, vitToSafetensors } from "./vit-safetensors.js";

describe("mixture-of-experts ViT presets", () => {
  it("0.21M-moe4 is 0.21M with 4 top-1 SwiGLU experts per block", () => {
    expect(resolveViTConfig("0.21M-moe4")).toEqual({ ...VIT_PRESETS["0.21M"], mlp: { type: "moe", numExperts: 4, topK: 1, auxLossWeight: 0.01 } });
    // A copy: editing it leaves the preset alone.
    resolveViTConfig("0.21M-moe4").mlp!.type = "swiglu";
    expect(VIT_MOE_PRESETS["0.21M-moe4"].mlp.type).toBe("moe");
  });

  it("counts total = 0.21M + L((E-1) 3dh + dE) and active = 0.21M + L dE (k = 1 expert and the router per token)", () => {
    const [L, d, h, E] = [6, 64, 128, 4];
    const c = resolveViTConfig("0.21M-moe4");
    expect(expectedParameterCount(c)).toBe(214_090 + L * ((E - 1) * 3 * d * h + d * E));
    expect(expectedParameterCount(c)).toBe(657_994);
    expect(activeParameterCount(c)).toBe(214_090 + L * d * E);
    expect(activeParameterCount(c)).toBe(215_626);
    expect(activeParameterCount(VIT_PRESETS["0.21M"])).toBe(expectedParameterCount(VIT_PRESETS["0.21M"]));
    // top-2 would run two experts per token
    expect(activeParameterCount({ ...c, mlp: { type: "moe", numExperts: 4, topK: 2 } })).toBe(215_626 + L * 3 * d * h);
  });

  it("builds with that many parameters, Qwen2-MoE names, and reports one load-balancing loss per block", () => {
    const model = createVisionTransformer("0.21M-moe4", { seed: 1 });
    expect(model.countParams()).toBe(657_994);
    const names = model.namedParameters().map(([n]) => n);
    expect(names).toEqual(expect.arrayContaining(["layers.0.mlp.gate.weight", "layers.5.mlp.experts.3.down_proj.weight"]));
    expect(new Set(names).size).toBe(names.length);
    const x = tf.randomUniform([2, 28, 28, 1], 0, 1, "float32", 1);
    const { result, auxiliary, sources } = collectAuxiliaryLosses(() => model.forward(x, true));
    expect(result.shape).toEqual([2, 10]);
    expect(sources).toEqual([0, 1, 2, 3, 4, 5].map((i) => `layers.${i}.mlp`));
    const mlp = model.layers[0]!.mlp as MoEMLP;
    expect(mlp.lastRouting!.tokens).toBe(2 * 17);
    expect(mlp.lastRouting!.expertLoad.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    tf.dispose([result, ...auxiliary]);
    model.disposeWeights();
  });

  it("rejects a bad mlp in a config, naming the field", () => {
    expect(() => resolveViTConfig({ ...VIT_PRESETS["0.21M"], mlp: { type: "moe", numExperts: 4, topK: 0 } })).toThrow(
      "ViT config: mlp: topK must be an integer from 1 to numExperts (4), got 0",
    );
    expect(() => resolveViTConfig("0.21M-moe8")).toThrow('unknown ViT preset "0.21M-moe8"; expected one of 0.21M, 0.25M, 1.68M, 53.53M, 0.21M-moe4');
  });

  it("keeps the mlp choice through its safetensors format and tfjs' LayersModel JSON", async () => {
    const config = { numLayers: 1, patchSize: 7, hiddenSize: 16, intermediateSize: 8, numHeads: 4, numKvHeads: 2, mlp: { type: "moe", numExperts: 3, topK: 2, capacityFactor: 1.25 } } as const;
    const model = createVisionTransformer(config, { seed: 2 });
    const x = tf.randomUniform([2, 28, 28, 1], 0, 1, "float32", 3);
    const expected = Array.from(model.forward(x).dataSync());

    const { tensors, metadata } = vitToSafetensors(model);
    expect(JSON.parse(metadata.config!).mlp).toEqual(config.mlp);
    const copy = vitFromSafetensors(parseSafetensors(serializeSafetensors(tensors, metadata), "memory"), "memory");
    expect(Array.from(copy.forward(x).dataSync())).toEqual(expected);

    let saved: tf.io.ModelArtifacts | undefined;
    await model.toLayersModel().save(tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: "JSON" } };
    }));
    const loaded = await tfl.loadLayersModel(tf.io.fromMemory(saved!));
    expect(Array.from((loaded.predict(x) as tf.Tensor).dataSync())).toEqual(expected);
    model.disposeWeights();
    copy.disposeWeights();
  });
});
