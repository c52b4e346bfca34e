import "@tensorflow/tfjs-backend-cpu";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { tensorsToSafetensors, type WritableTensor } from "@llmnist/safetensors";
import { writeSafetensorsFile } from "@llmnist/safetensors/node";
import { createVisionTransformer } from "@llmnist/vit";
import { describe, expect, it } from "vitest";
import { TRAIN_WEIGHTS_FORMAT } from "./checkpoint-kind.js";
import { loadModelFile } from "./load-model.js";

/** A 0.21M model's weights as the trainer writes them (tfjs layout, no config), plus `extra` tensors. */
async function trainerFile(extra: Record<string, WritableTensor>, edit?: (tensors: Record<string, WritableTensor>) => void): Promise<{ path: string; weights: Map<string, number[]> }> {
  const model = createVisionTransformer("0.21M", { seed: 3 });
  const weights = new Map(model.namedParameters().map(([name, v]) => [name, Array.from(v.dataSync())]));
  const tensors = { ...tensorsToSafetensors(model.namedParameters()), ...extra };
  edit?.(tensors);
  model.disposeWeights();
  const path = join(mkdtempSync(join(tmpdir(), "llmnist-load-")), "best.safetensors");
  await writeSafetensorsFile(path, tensors, { format: TRAIN_WEIGHTS_FORMAT });
  return { path, weights };
}

describe("loadModelFile (llmnist layout)", () => {
  it("loads every parameter and skips a checkpoint's optimizer state (adamw.*)", async () => {
    const { path, weights } = await trainerFile({ "adamw.m.head.bias": { dtype: "F32", shape: [10], data: new Float32Array(10) } });
    const { model, preset } = await loadModelFile(path);
    expect(preset).toBe("0.21M");
    for (const [name, v] of model.namedParameters()) expect(Array.from(v.dataSync())).toEqual(weights.get(name));
    model.disposeWeights();
  });

  it("lists tensors the model does not have", async () => {
    const { path } = await trainerFile({ "head2.bias": { dtype: "F32", shape: [10], data: new Float32Array(10) } });
    await expect(loadModelFile(path)).rejects.toThrow(`${path}: does not match the ViT 0.21M: unknown 1: head2.bias`);
  });

  it("refuses infinite weights, naming the tensor and index", async () => {
    const { path } = await trainerFile({}, (t) => {
      t["head.weight"]!.data[7] = -Infinity;
    });
    await expect(loadModelFile(path)).rejects.toThrow(`${path}: refusing weights that are not finite: tensor head.weight holds -Infinity at index 7 (shape [64, 10])`);
  });
});
