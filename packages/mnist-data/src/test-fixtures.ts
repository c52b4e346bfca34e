// Test-only helpers (not exported from index.ts): hand-built IDX files.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** IDX bytes: magic 00 00 <code> <ndims>, big-endian uint32 dims, then `payload` as given. */
export function idxBytes(code: number, dims: number[], payload: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(4 + 4 * dims.length + payload.length);
  out[2] = code;
  out[3] = dims.length;
  dims.forEach((d, i) => {
    const o = 4 + 4 * i;
    out[o] = (d >>> 24) & 0xff;
    out[o + 1] = (d >>> 16) & 0xff;
    out[o + 2] = (d >>> 8) & 0xff;
    out[o + 3] = d & 0xff;
  });
  out.set(Array.from(payload), 4 + 4 * dims.length);
  return out;
}

const created: string[] = [];

/** A fresh temp dir holding the given files (removed by removeTempDirs). */
export async function tempDirWith(files: Record<string, Uint8Array>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "llmnist-mnist-data-"));
  created.push(dir);
  for (const [name, bytes] of Object.entries(files)) await writeFile(join(dir, name), bytes);
  return dir;
}

/** Removes every dir made by tempDirWith (call from afterAll). */
export async function removeTempDirs(): Promise<void> {
  await Promise.all(created.splice(0).map((d) => rm(d, { recursive: true, force: true })));
}
