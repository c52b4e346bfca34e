import "@tensorflow/tfjs-backend-cpu";
import * as tf from "@tensorflow/tfjs-core";
import { parseSafetensors, serializeSafetensors } from "@llmnist/safetensors";
import { describe, expect, it } from "vitest";
import { loadPyTorchState, toPyTorchState } from "./pytorch-state.js";
import { createVisionTransformer } from "./vision-transformer.js";
import { vitConfigFromMetadata, vitFromSafetensors, vitToSafetensors } from "./vit-safetensors.js";

// The browser-safe path: bytes in memory, no file system.
describe("vitToSafetensors / vitFromSafetensors", () => {
  it("stores the config and the tfjs-layout weights, and rebuilds the same model from the bytes", () => {
    const model = createVisionTransformer("0.21M", { seed: 3 });
    const { tensors, metadata } = vitToSafetensors(model, { epoch: "7", format: "overridden?" });
    expect(metadata.format).toBe("llmnist.vit.v1"); // extraMetadata cannot replace it
    expect(metadata.epoch).toBe("7");
    expect(JSON.parse(metadata.config!)).toEqual({
      numLayers: 6, patchSize: 7, hiddenSize: 64, intermediateSize: 128, numHeads: 8, numKvHeads: 2,
      numClasses: 10, imageSize: 28, channels: 1, ropeTheta: 10000, rmsNormEps: 1e-6,
    });
    // per block: 2 norms, q/k/v weight + bias, o, gate/up/down; then patch, cls, head weight + bias
    expect(Object.keys(tensors)).toHaveLength(6 * 12 + 4);
    expect(Object.values(tensors).reduce((n, t) => n + t.data.length, 0)).toBe(214_090); // the paper's count
    expect(tensors["patch_embed.proj.weight"]!.shape).toEqual([49, 64]); // tfjs layout [kh*kw*I, O]

    const file = parseSafetensors(serializeSafetensors(tensors, metadata), "memory");
    const copy = vitFromSafetensors(file, "memory");
    expect(copy.vitConfig).toEqual(model.vitConfig);
    const x = tf.randomUniform([2, 28, 28, 1], 0, 1, "float32", 11);
    expect(Array.from(copy.forward(x).dataSync())).toEqual(Array.from(model.forward(x).dataSync()));
    model.disposeWeights();
    copy.disposeWeights();
  });

  it("refuses a file that is not in its format, naming the source and pointing to the PyTorch path", () => {
    const pytorch = parseSafetensors(serializeSafetensors({ w: { dtype: "F32", shape: [1], data: new Float32Array([1]) } }, { format: "pt" }), "https://x/w.safetensors");
    expect(() => vitFromSafetensors(pytorch, "https://x/w.safetensors")).toThrow(
      'https://x/w.safetensors: not an llmnist ViT file: metadata.format is "pt", expected "llmnist.vit.v1" (for a PyTorch-layout checkpoint use importPyTorchCheckpoint',
    );
    expect(() => vitConfigFromMetadata({ format: "llmnist.vit.v1", config: "{" }, "m")).toThrow("m: metadata.config is not valid JSON");
  });
});

describe("toPyTorchState / loadPyTorchState", () => {
  it("round-trips through PyTorch layouts in memory (patch kernel as [dim, 1, p, p])", () => {
    const model = createVisionTransformer("0.21M", { seed: 1 });
    const state = toPyTorchState(model);
    expect(state.get("patch_embed.proj.weight")!.shape).toEqual([64, 1, 7, 7]);
    const bytes = serializeSafetensors(Object.fromEntries([...state].map(([name, t]) => [name, { dtype: "F32" as const, shape: [...t.shape], data: t.dataSync() as Float32Array }])));
    for (const t of state.values()) t.dispose();

    const other = createVisionTransformer("0.21M", { seed: 2 });
    loadPyTorchState(other, parseSafetensors(bytes, "memory"), "memory");
    const theirs = new Map(other.namedParameters());
    for (const [name, variable] of model.namedParameters()) {
      expect(Array.from(theirs.get(name)!.dataSync()), name).toEqual(Array.from(variable.dataSync()));
    }
    model.disposeWeights();
    other.disposeWeights();
  });
});
