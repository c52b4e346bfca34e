import { readFile } from "node:fs/promises";
import { writeFileAtomic } from "./atomic.js";
import { parseSafetensors } from "./parse.js";
import type { SafetensorsFile } from "./raw.js";
import { serializeSafetensors, type WritableTensor } from "./serialize.js";

/** Reads and parses a .safetensors file; tensor payloads are views into the file's bytes. */
export async function readSafetensorsFile(path: string): Promise<SafetensorsFile> {
  let buf: Buffer;
  try {
    buf = await readFile(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new Error(`safetensors file not found: ${path}`);
    throw new Error(`cannot read safetensors file ${path}: ${(err as Error).message}`);
  }
  return parseSafetensors(new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength), path);
}

/** Serializes `tensors` and writes them to `path` atomically (see writeFileAtomic). */
export async function writeSafetensorsFile(
  path: string,
  tensors: Record<string, WritableTensor>,
  metadata?: Record<string, string>,
): Promise<void> {
  await writeFileAtomic(path, serializeSafetensors(tensors, metadata));
}
