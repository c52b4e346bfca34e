import { homedir } from "node:os";
import { join } from "node:path";

export const DEFAULT_HUB_ENDPOINT = "https://huggingface.co";
export const DEFAULT_HUB_REVISION = "main";

/** A Hugging Face model id split into its two parts. */
export interface HubId {
  owner: string;
  name: string;
  /** `owner/name` as given. */
  id: string;
}

// One part of an id: letters, digits, "-", "_", "." (not first, no "--" or "..", not ending in "." or "-").
const PART = /^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,94}[A-Za-z0-9_])?$/;

function validPart(part: string): boolean {
  return PART.test(part) && !part.includes("--") && !part.includes("..");
}

/** `owner/name` -> its parts, or null when `text` is not a valid hub model id. */
export function parseHubId(text: string): HubId | null {
  const parts = text.split("/");
  if (parts.length !== 2) return null;
  const [owner, name] = parts as [string, string];
  if (!validPart(owner) || !validPart(name)) return null;
  return { owner, name, id: text };
}

/** A branch, tag or commit: plain characters, "/" allowed between parts, no ".." and no leading "/" or "-". */
export function validRevision(revision: string): boolean {
  return /^[A-Za-z0-9_.][A-Za-z0-9_./-]*$/.test(revision) && !revision.split("/").some((p) => p === "" || p === "." || p === "..");
}

/** `LLMNIST_HF_CACHE`, else `$XDG_CACHE_HOME/llmnist/hub`, else `~/.cache/llmnist/hub`. */
export function defaultHubCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.LLMNIST_HF_CACHE) return env.LLMNIST_HF_CACHE;
  return join(env.XDG_CACHE_HOME || join(homedir(), ".cache"), "llmnist", "hub");
}

/** `<cacheDir>/<owner>--<name>/<revision>` ("/" in the revision becomes "--"). */
export function hubModelDir(cacheDir: string, id: HubId, revision: string): string {
  return join(cacheDir, `${id.owner}--${id.name}`, revision.replaceAll("/", "--"));
}

/** `${endpoint}/${owner}/${name}/resolve/${revision}/${file}`, each part URL-encoded. */
export function hubFileUrl(endpoint: string, id: HubId, revision: string, file: string): string {
  const base = endpoint.replace(/\/+$/, "");
  return `${base}/${encodeURIComponent(id.owner)}/${encodeURIComponent(id.name)}/resolve/${encodeURIComponent(revision)}/${encodeURIComponent(file)}`;
}
