import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { toFloat32 } from "./convert.js";
import { loadSafetensorsFolder } from "./folder.js";
import { writeSafetensorsFile } from "./io.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "llmnist-folder-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const f32 = (...v: number[]) => ({ dtype: "F32" as const, shape: [v.length], data: new Float32Array(v) });

async function writeSharded(weightMap: Record<string, string>): Promise<void> {
  await writeSafetensorsFile(join(dir, "model-00001-of-00002.safetensors"), { a: f32(1, 2), b: f32(3) }, { format: "pt" });
  await writeSafetensorsFile(join(dir, "model-00002-of-00002.safetensors"), { c: f32(4, 5, 6) }, { format: "pt" });
  await writeFile(
    join(dir, "model.safetensors.index.json"),
    JSON.stringify({ metadata: { total_size: 24 }, weight_map: weightMap }),
  );
}

describe("loadSafetensorsFolder", () => {
  it("loads a single model.safetensors", async () => {
    await writeSafetensorsFile(join(dir, "model.safetensors"), { w: f32(7) });
    const file = await loadSafetensorsFolder(dir);
    expect([...file.tensors.keys()]).toEqual(["w"]);
  });

  it("merges shards listed in model.safetensors.index.json", async () => {
    await writeSharded({
      a: "model-00001-of-00002.safetensors",
      b: "model-00001-of-00002.safetensors",
      c: "model-00002-of-00002.safetensors",
    });
    const file = await loadSafetensorsFolder(dir);
    expect([...file.tensors.keys()]).toEqual(["a", "b", "c"]);
    expect(Array.from(toFloat32(file.tensors.get("a")!))).toEqual([1, 2]);
    expect(Array.from(toFloat32(file.tensors.get("c")!))).toEqual([4, 5, 6]);
    expect(file.metadata).toEqual({ format: "pt", total_size: "24" });
  });

  it("names a missing shard", async () => {
    await writeSharded({ a: "model-00001-of-00002.safetensors", z: "model-00003-of-00003.safetensors" });
    await expect(loadSafetensorsFolder(dir)).rejects.toThrow(
      /index.json: lists shard model-00003-of-00003.safetensors, but .*model-00003-of-00003.safetensors does not exist/,
    );
  });

  it("names a tensor the index lists but the shard lacks", async () => {
    await writeSharded({ a: "model-00001-of-00002.safetensors", c: "model-00001-of-00002.safetensors" });
    await expect(loadSafetensorsFolder(dir)).rejects.toThrow(
      /lists tensor "c" in shard model-00001-of-00002.safetensors, but .* lacks it/,
    );
  });

  it("refuses shard paths outside the folder", async () => {
    await writeSharded({ a: "../evil.safetensors" });
    await expect(loadSafetensorsFolder(dir)).rejects.toThrow(/weight_map\["a"\] must be a shard file name/);
  });

  it("says what it expected when neither file exists", async () => {
    await expect(loadSafetensorsFolder(dir)).rejects.toThrow(
      `${dir}: expected model.safetensors or model.safetensors.index.json, found neither`,
    );
    const missing = join(dir, "missing");
    await expect(loadSafetensorsFolder(missing)).rejects.toThrow(`${missing}: folder does not exist`);
  });

  it("rejects an index without weight_map", async () => {
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, "model.safetensors.index.json"), "{}");
    await expect(loadSafetensorsFolder(dir)).rejects.toThrow(/expected a "weight_map" object/);
  });
});
