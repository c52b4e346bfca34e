import { readFile } from "node:fs/promises";
import { promisify } from "node:util";
import { gunzip } from "node:zlib";
import { isGzip, readIdx, type IdxArray } from "./idx.js";

const gunzipAsync = promisify(gunzip);

/** Reads a file and gunzips it when it starts with the gzip magic (whatever its name). */
export async function readMaybeGzipped(path: string): Promise<Uint8Array> {
  const raw = await readFile(path);
  if (!isGzip(raw)) return raw;
  try {
    return await gunzipAsync(raw);
  } catch (err) {
    throw new Error(`${path}: gzip data could not be decompressed: ${(err as Error).message}`);
  }
}

/** Reads and decodes an IDX file, plain or gzip-compressed (detected by content). */
export async function readIdxFile(path: string): Promise<IdxArray> {
  return readIdx(await readMaybeGzipped(path), path);
}
