import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { toFloat32 } from "./convert.js";
import { readSafetensorsFile } from "./io.js";
import { loadSafetensorsFolder } from "./folder.js";

// /work/main/packages/safetensors/src -> /work/shared (outside the repository; skipped when absent).
const SHARED = fileURLToPath(new URL("../../../../shared/fixtures/", import.meta.url));
const VIT = `${SHARED}vit-0.21M-seed0.safetensors`;
const QWEN_DIR = `${SHARED}qwen2-tiny`;

describe.skipIf(!existsSync(VIT))("shared fixtures", () => {
  it("reads the ViT checkpoint", async () => {
    const file = await readSafetensorsFile(VIT);
    const w = file.tensors.get("patch_embed.proj.weight");
    expect(w?.dtype).toBe("F32");
    expect(w?.shape).toEqual([64, 1, 7, 7]);
    expect(file.tensors.get("cls_token")?.shape).toEqual([1, 1, 64]);

    // Compare against bytes decoded independently with Buffer: the header says [256, 12800].
    const raw = readFileSync(VIT);
    const dataStart = 8 + Number(raw.readBigUInt64LE(0));
    const values = toFloat32(w!);
    expect(values.length).toBe(64 * 49);
    expect(values[0]).toBe(raw.readFloatLE(dataStart + 256));
    expect(values[3135]).toBe(raw.readFloatLE(dataStart + 12800 - 4));
  });

  it.skipIf(!existsSync(QWEN_DIR))("loads the qwen2-tiny folder", async () => {
    const file = await loadSafetensorsFolder(QWEN_DIR);
    expect(file.metadata).toEqual({ format: "pt" });
    expect(file.tensors.get("model.embed_tokens.weight")?.shape).toEqual([1024, 64]);
    expect(file.tensors.size).toBe(26);
  });
});
