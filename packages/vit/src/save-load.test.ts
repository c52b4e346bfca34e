import "@tensorflow/tfjs-backend-cpu";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { toFloat32, type WritableTensor } from "@llmnist/safetensors";
import { readSafetensorsFile, writeSafetensorsFile } from "@llmnist/safetensors/node";
import { describe, expect, it } from "vitest";
import { loadViT, saveViT } from "./save-load.js";
import { createVisionTransformer } from "./vision-transformer.js";

/** Rewrites a saveViT file with `edit` applied to its tensors (metadata kept). */
async function tampered(path: string, out: string, edit: (tensors: Record<string, WritableTensor>) => void): Promise<string> {
  const file = await readSafetensorsFile(path);
  const tensors: Record<string, WritableTensor> = {};
  for (const [name, raw] of file.tensors) tensors[name] = { dtype: "F32", shape: raw.shape, data: toFloat32(raw) };
  edit(tensors);
  await writeSafetensorsFile(out, tensors, file.metadata);
  return out;
}

/** A fresh 0.21M model saved by saveViT in a new folder. */
async function savedViT(): Promise<{ dir: string; good: string }> {
  const dir = await mkdtemp(join(tmpdir(), "llmnist-vit-"));
  const model = createVisionTransformer("0.21M");
  const good = join(dir, "good.safetensors");
  await saveViT(model, good);
  model.disposeWeights();
  return { dir, good };
}

describe("loadViT", () => {
  it("refuses a file with a NaN weight, naming the tensor and the index", async () => {
    const { dir, good } = await savedViT();
    const bad = await tampered(good, join(dir, "nan.safetensors"), (t) => {
      t["head.bias"]!.data[3] = NaN;
    });
    await expect(loadViT(bad)).rejects.toThrow(`${bad}: refusing weights that are not finite: tensor head.bias holds NaN at index 3 (shape [10])`);
    (await loadViT(good)).disposeWeights();
  });

  it("lists what is missing and unknown", async () => {
    const { dir, good } = await savedViT();
    const bad = await tampered(good, join(dir, "renamed.safetensors"), (t) => {
      t["head.b"] = t["head.bias"]!;
      delete t["head.bias"];
    });
    await expect(loadViT(bad)).rejects.toThrow(/renamed\.safetensors: does not match the ViT config in its metadata: missing 1: head\.bias; unknown 1: head\.b$/);
  });
});
