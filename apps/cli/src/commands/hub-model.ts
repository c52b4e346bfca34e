import { resolve } from "node:path";
import { HubDownloadError, type HubProgress, resolveModelFolder } from "@llmnist/mnistvl/node";
import { logToStderr } from "../backend.js";
import { UsageError } from "../command.js";

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

/** Progress lines on stderr: one when a file starts, one every few seconds, one when it is done. */
function progressLogger(log: (line: string) => void): (p: HubProgress) => void {
  let last = 0;
  let started = 0;
  return (p) => {
    const now = performance.now();
    const of = p.totalBytes === undefined ? "" : ` of ${mib(p.totalBytes)}`;
    if (p.phase === "start") {
      started = last = now;
      log(`hub: ${p.id}: downloading ${p.file}${of}`);
    } else if (p.phase === "data" && now - last >= 5000) {
      last = now;
      log(`hub: ${p.file}: ${mib(p.receivedBytes)}${of}`);
    } else if (p.phase === "done") {
      log(`hub: ${p.file}: ${mib(p.receivedBytes)} in ${((now - started) / 1000).toFixed(1)} s`);
    }
  };
}

/**
 * `--model DIR|ID`: a local folder as it is, or a Hugging Face id downloaded into the cache
 * (HF_ENDPOINT, HF_TOKEN, LLMNIST_HF_CACHE apply). Returns an absolute folder.
 */
export async function resolveModelFlag(value: string, log: (line: string) => void = logToStderr): Promise<string> {
  try {
    const dir = await resolveModelFolder(value, { onProgress: progressLogger(log) });
    if (dir !== value) log(`hub: ${value} -> ${dir}`);
    return resolve(dir);
  } catch (err) {
    if (err instanceof HubDownloadError && err.kind === "invalid") throw new UsageError(`--model: ${err.message}`);
    if (err instanceof HubDownloadError && err.kind === "network") throw new Error(`${err.message} (--model DIR)`, { cause: err });
    throw err;
  }
}
