import { readFile, stat } from "node:fs/promises";
import { basename, join } from "node:path";
import { readSafetensorsFile } from "./io.js";
import type { RawTensor, SafetensorsFile } from "./raw.js";

export const SINGLE_FILE = "model.safetensors";
export const INDEX_FILE = "model.safetensors.index.json";

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

function metadataValue(v: unknown): string {
  return typeof v === "string" ? v : JSON.stringify(v);
}

/** Parses the index and returns its weight_map (tensor name -> shard file) and metadata. */
async function readIndex(
  indexPath: string,
): Promise<{ weightMap: Map<string, string>; metadata: Record<string, string> }> {
  let index: unknown;
  try {
    index = JSON.parse(await readFile(indexPath, "utf8"));
  } catch (err) {
    throw new Error(`${indexPath}: cannot read index JSON (${(err as Error).message})`);
  }
  const weightMap = (index as { weight_map?: unknown } | null)?.weight_map;
  if (typeof weightMap !== "object" || weightMap === null || Array.isArray(weightMap)) {
    throw new Error(`${indexPath}: expected a "weight_map" object {tensor: shardFile}, got ${JSON.stringify(weightMap)}`);
  }
  const map = new Map<string, string>();
  for (const [name, shard] of Object.entries(weightMap)) {
    // Shards must be plain file names in the same folder, never a path elsewhere.
    if (typeof shard !== "string" || shard.length === 0 || basename(shard) !== shard || shard === "..") {
      throw new Error(`${indexPath}: weight_map["${name}"] must be a shard file name, got ${JSON.stringify(shard)}`);
    }
    map.set(name, shard);
  }
  const rawMetadata = (index as { metadata?: unknown }).metadata;
  const metadata: Record<string, string> = {};
  if (typeof rawMetadata === "object" && rawMetadata !== null && !Array.isArray(rawMetadata)) {
    for (const [k, v] of Object.entries(rawMetadata)) {
      Object.defineProperty(metadata, k, { value: metadataValue(v), enumerable: true, writable: true, configurable: true });
    }
  }
  return { weightMap: map, metadata };
}

/**
 * Loads a model folder: `dir/model.safetensors`, or else the shards listed in
 * `dir/model.safetensors.index.json` (`{"weight_map": {tensor: shardFile}}`) merged into one
 * file. The merged tensors are exactly those the index lists (in index order); metadata is the
 * shards' `__metadata__` overlaid with the index's `metadata` (non-strings JSON-encoded).
 */
export async function loadSafetensorsFolder(dir: string): Promise<SafetensorsFile> {
  const single = join(dir, SINGLE_FILE);
  if (await isFile(single)) return readSafetensorsFile(single);

  const indexPath = join(dir, INDEX_FILE);
  if (!(await isFile(indexPath))) {
    const exists = await stat(dir).then((s) => s.isDirectory(), () => false);
    throw new Error(
      exists
        ? `${dir}: expected ${SINGLE_FILE} or ${INDEX_FILE}, found neither`
        : `${dir}: folder does not exist (expected ${SINGLE_FILE} or ${INDEX_FILE} in it)`,
    );
  }
  const { weightMap, metadata: indexMetadata } = await readIndex(indexPath);

  const shards = new Map<string, SafetensorsFile>();
  for (const shard of [...new Set(weightMap.values())].sort()) {
    const shardPath = join(dir, shard);
    if (!(await isFile(shardPath))) {
      throw new Error(`${indexPath}: lists shard ${shard}, but ${shardPath} does not exist`);
    }
    shards.set(shard, await readSafetensorsFile(shardPath));
  }

  const tensors = new Map<string, RawTensor>();
  for (const [name, shard] of weightMap) {
    const tensor = shards.get(shard)?.tensors.get(name);
    if (!tensor) {
      throw new Error(`${indexPath}: lists tensor "${name}" in shard ${shard}, but ${join(dir, shard)} lacks it`);
    }
    tensors.set(name, tensor);
  }
  const metadata: Record<string, string> = {};
  for (const file of shards.values()) Object.assign(metadata, file.metadata);
  Object.assign(metadata, indexMetadata);
  return { tensors, metadata };
}
