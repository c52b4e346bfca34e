import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { writeFileAtomic } from "./atomic.js";
import { readSafetensorsFile, writeSafetensorsFile } from "./io.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "llmnist-atomic-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("writeFileAtomic", () => {
  it("writes strings and bytes, creates the folder, leaves no temp file", async () => {
    const path = join(dir, "nested", "deeper", "out.json");
    await writeFileAtomic(path, '{"ok":true}');
    expect(await readFile(path, "utf8")).toBe('{"ok":true}');
    await writeFileAtomic(path, new Uint8Array([1, 2, 3]));
    expect(Array.from(await readFile(path))).toEqual([1, 2, 3]);
    expect(await readdir(join(dir, "nested", "deeper"))).toEqual(["out.json"]);
  });

  it("does not clobber the old file when the write fails, and cleans up", async () => {
    const path = join(dir, "keep.txt");
    await writeFile(path, "old");
    await expect(writeFileAtomic(path, 42 as unknown as string)).rejects.toThrow(
      /keep.txt\): data must be a Uint8Array or string, got number/,
    );
    // A failure inside the file system: the target is a non-empty folder, so the rename fails
    // after the temp file was written; the temp file must be gone afterwards.
    const folderTarget = join(dir, "a-folder");
    await mkdir(join(folderTarget, "child"), { recursive: true });
    await expect(writeFileAtomic(folderTarget, "x")).rejects.toThrow(/EISDIR|ENOTEMPTY|EPERM/);
    expect(await readFile(path, "utf8")).toBe("old");
    expect((await readdir(dir)).sort()).toEqual(["a-folder", "keep.txt"]);
  });
});

describe("writeSafetensorsFile", () => {
  it("round-trips through the file system", async () => {
    const path = join(dir, "m.safetensors");
    await writeSafetensorsFile(path, { w: { dtype: "F32", shape: [2], data: new Float32Array([1.5, -3]) } }, { step: "7" });
    const file = await readSafetensorsFile(path);
    expect(file.metadata).toEqual({ step: "7" });
    expect(Array.from(new Float32Array(file.tensors.get("w")!.bytes.slice().buffer))).toEqual([1.5, -3]);
    expect(await readdir(dir)).toEqual(["m.safetensors"]);
  });

  it("keeps the old checkpoint when serialization fails", async () => {
    const path = join(dir, "m.safetensors");
    await writeSafetensorsFile(path, { w: { dtype: "F32", shape: [1], data: new Float32Array([2]) } });
    const before = await readFile(path);
    await expect(
      writeSafetensorsFile(path, { w: { dtype: "F32", shape: [3], data: new Float32Array([1]) } }),
    ).rejects.toThrow(/shape \[3\] has 3 elements, data has 1/);
    expect(Buffer.compare(await readFile(path), before)).toBe(0);
    expect(await readdir(dir)).toEqual(["m.safetensors"]);
  });

  it("names a missing file", async () => {
    const path = join(dir, "nope.safetensors");
    await expect(readSafetensorsFile(path)).rejects.toThrow(`safetensors file not found: ${path}`);
  });
});
