import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import "@tensorflow/tfjs-backend-cpu";
import * as tf from "@tensorflow/tfjs-core";
import { toFloat32, type WritableTensor } from "@llmnist/safetensors";
import { readSafetensorsFile, writeSafetensorsFile } from "@llmnist/safetensors/node";
import { beforeAll, describe, expect, it } from "vitest";
import { loadQwen2Folder, saveQwen2Folder } from "./hf-folder.js";
import { QWEN2_TINY_DIR } from "./test-paths.test-helpers.js";

const expected = JSON.parse(readFileSync(join(QWEN2_TINY_DIR, "expected.json"), "utf8")) as { input_ids: number[][]; logits: number[][][] };
const config = readFileSync(join(QWEN2_TINY_DIR, "config.json"), "utf8");

async function fixtureTensors(): Promise<Map<string, { shape: number[]; data: Float32Array }>> {
  const file = await readSafetensorsFile(join(QWEN2_TINY_DIR, "model.safetensors"));
  return new Map([...file.tensors].map(([name, raw]) => [name, { shape: raw.shape, data: toFloat32(raw) }]));
}

function folderWith(configText: string): string {
  const dir = mkdtempSync(join(tmpdir(), "qwen2-"));
  writeFileSync(join(dir, "config.json"), configText);
  return dir;
}

function maxLogitDiff(logits: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(logits, tf.tensor3d(expected.logits)))).dataSync()[0]!);
}

beforeAll(async () => {
  await tf.setBackend("cpu");
});

describe("loadQwen2Folder", () => {
  it("loads BF16 shards listed by model.safetensors.index.json (logits within BF16 rounding)", async () => {
    const tensors = await fixtureTensors();
    const dir = folderWith(config);
    const names = [...tensors.keys()];
    const halves = [names.slice(0, 10), names.slice(10)];
    const weightMap: Record<string, string> = {};
    for (const [i, part] of halves.entries()) {
      const shard = `model-0000${i + 1}-of-00002.safetensors`;
      const out: Record<string, WritableTensor> = {};
      for (const name of part) {
        const t = tensors.get(name)!;
        out[name] = { dtype: "BF16", shape: t.shape, data: t.data };
        weightMap[name] = shard;
      }
      await writeSafetensorsFile(join(dir, shard), out);
    }
    writeFileSync(join(dir, "model.safetensors.index.json"), JSON.stringify({ metadata: {}, weight_map: weightMap }));
    const model = await loadQwen2Folder(dir);
    const logits = model.forward({ inputIds: tf.tensor2d(expected.input_ids, undefined, "int32") });
    const diff = maxLogitDiff(logits);
    // BF16 keeps 8 bits of mantissa: the logits move, but by far less than their spread.
    expect(diff).toBeGreaterThan(1e-5);
    expect(diff).toBeLessThan(0.05);
    model.disposeWeights();
  });

  it("loads F16 tensors", async () => {
    const tensors = await fixtureTensors();
    const dir = folderWith(config);
    const out: Record<string, WritableTensor> = {};
    for (const [name, t] of tensors) out[name] = { dtype: "F16", shape: t.shape, data: t.data };
    await writeSafetensorsFile(join(dir, "model.safetensors"), out);
    const model = await loadQwen2Folder(dir);
    expect(maxLogitDiff(model.forward({ inputIds: tf.tensor2d(expected.input_ids, undefined, "int32") }))).toBeLessThan(5e-3);
    model.disposeWeights();
  });

  it("loads an untied checkpoint with its own lm_head", async () => {
    const tensors = await fixtureTensors();
    const dir = folderWith(config.replace('"tie_word_embeddings": true', '"tie_word_embeddings": false'));
    const out: Record<string, WritableTensor> = {};
    for (const [name, t] of tensors) out[name] = { dtype: "F32", shape: t.shape, data: t.data };
    // The same matrix as the embedding, stored separately: logits must not change.
    const embed = tensors.get("model.embed_tokens.weight")!;
    out["lm_head.weight"] = { dtype: "F32", shape: embed.shape, data: embed.data };
    await writeSafetensorsFile(join(dir, "model.safetensors"), out);
    const model = await loadQwen2Folder(dir);
    expect(model.lmHead).not.toBeNull();
    expect(maxLogitDiff(model.forward({ inputIds: tf.tensor2d(expected.input_ids, undefined, "int32") }))).toBeLessThan(1e-4);
    model.disposeWeights();
  });

  it("saves a Hugging Face folder that loads back to the same logits", async () => {
    const model = await loadQwen2Folder(QWEN2_TINY_DIR);
    const dir = mkdtempSync(join(tmpdir(), "qwen2-save-"));
    await saveQwen2Folder(model, dir);
    const saved = await readSafetensorsFile(join(dir, "model.safetensors"));
    expect(saved.tensors.get("model.layers.0.mlp.down_proj.weight")?.shape).toEqual([64, 128]); // HF [out, in]
    const again = await loadQwen2Folder(dir);
    expect(maxLogitDiff(again.forward({ inputIds: tf.tensor2d(expected.input_ids, undefined, "int32") }))).toBeLessThan(1e-4);
    [model, again].forEach((m) => m.disposeWeights());
  });

  it("names a tensor of the wrong shape, with both shapes", async () => {
    const tensors = await fixtureTensors();
    const dir = folderWith(config);
    const out: Record<string, WritableTensor> = {};
    for (const [name, t] of tensors) out[name] = { dtype: "F32", shape: t.shape, data: t.data };
    out["model.layers.1.self_attn.k_proj.weight"] = { dtype: "F32", shape: [64, 64], data: new Float32Array(64 * 64) };
    await writeSafetensorsFile(join(dir, "model.safetensors"), out);
    await expect(loadQwen2Folder(dir)).rejects.toThrow(
      `${dir}: does not match the Qwen2 config: tensor model.layers.1.self_attn.k_proj.weight: expected shape [32, 64], got [64, 64]`,
    );
  });

  it("lists missing tensors", async () => {
    const tensors = await fixtureTensors();
    const dir = folderWith(config);
    const out: Record<string, WritableTensor> = {};
    for (const [name, t] of tensors) if (name !== "model.norm.weight") out[name] = { dtype: "F32", shape: t.shape, data: t.data };
    await writeSafetensorsFile(join(dir, "model.safetensors"), out);
    await expect(loadQwen2Folder(dir)).rejects.toThrow(/does not match the Qwen2 config: missing 1: model\.norm\.weight/);
  });

  it("names the config file when a field is missing", async () => {
    const dir = folderWith(config.replace('"num_hidden_layers": 2,', ""));
    await expect(loadQwen2Folder(dir)).rejects.toThrow(`${join(dir, "config.json")}: missing field "num_hidden_layers" (a positive integer)`);
  });
});
