import { randomBytes } from "node:crypto";
import { open, readdir, rename, unlink } from "node:fs/promises";
import { dirname, join } from "node:path";

/** What went wrong while fetching from the hub. */
export type HubErrorKind = "invalid" | "network" | "auth" | "not-found" | "http" | "interrupted";

/** A hub download failure; `kind` says which, `url` the request (never the token). */
export class HubDownloadError extends Error {
  override name = "HubDownloadError";
  constructor(
    readonly kind: HubErrorKind,
    message: string,
    readonly url?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** One progress report: `start` before the first byte, `data` after each chunk, `done` once renamed, `cached` when already there. */
export interface HubProgress {
  id: string;
  file: string;
  phase: "start" | "data" | "done" | "cached";
  receivedBytes: number;
  /** From Content-Length; undefined when the server did not say. */
  totalBytes?: number;
}

export interface FetchContext {
  id: string;
  endpoint: string;
  token?: string;
  fetch: typeof fetch;
  /** Abort when no response, or no new bytes, arrive for this long. */
  stallTimeoutMs: number;
  onProgress?: (p: HubProgress) => void;
}

const TMP_SUFFIX = /^\..+\.(\d+)-[0-9a-f]{12}\.part$/;

function describeCause(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } } | null)?.cause;
  return cause?.code ?? cause?.message ?? (err as Error)?.message ?? String(err);
}

function httpError(response: Response, url: string, id: string, endpoint: string): HubDownloadError {
  const detail = response.headers.get("x-error-message");
  const suffix = detail ? ` (${detail})` : "";
  const status = `HTTP ${response.status}`;
  if (response.status === 401 || response.status === 403) {
    return new HubDownloadError(
      "auth",
      `${status} for ${url}${suffix}: ${id} is gated or private (or does not exist); set HF_TOKEN to an access token of an account that may read it (${endpoint}/settings/tokens)`,
      url,
    );
  }
  if (response.status === 404) {
    return new HubDownloadError("not-found", `${status}: not found: ${url}${suffix} (check the model id, the revision and the file name)`, url);
  }
  return new HubDownloadError("http", `${status} ${response.statusText} for ${url}${suffix}`, url);
}

async function writeAll(handle: Awaited<ReturnType<typeof open>>, bytes: Uint8Array): Promise<void> {
  let offset = 0;
  while (offset < bytes.byteLength) {
    const { bytesWritten } = await handle.write(bytes, offset, bytes.byteLength - offset, null);
    offset += bytesWritten;
  }
}

/**
 * GET `url` and stream the body to `dest` through a temporary file in the same folder
 * (fsynced, then renamed): `dest` appears complete or not at all. Returns the byte count,
 * or null for a 404 when `optional`.
 */
export async function downloadFile(ctx: FetchContext, url: string, file: string, dest: string, optional = false): Promise<number | null> {
  const controller = new AbortController();
  let stalled = false;
  let timer = setTimeout(() => {
    stalled = true;
    controller.abort();
  }, ctx.stallTimeoutMs);
  const rearm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      stalled = true;
      controller.abort();
    }, ctx.stallTimeoutMs);
  };
  const headers: Record<string, string> = {};
  if (ctx.token) headers.authorization = `Bearer ${ctx.token}`;
  let response: Response;
  try {
    response = await ctx.fetch(url, { headers, signal: controller.signal, redirect: "follow" });
  } catch (err) {
    clearTimeout(timer);
    const why = stalled ? `no response in ${ctx.stallTimeoutMs / 1000} s` : describeCause(err);
    throw new HubDownloadError("network", `cannot reach ${ctx.endpoint} to download ${ctx.id} (${why}): network unreachable? Pass a local model folder instead`, url, { cause: err });
  }
  if (!response.ok || response.body === null) {
    clearTimeout(timer);
    await response.body?.cancel().catch(() => undefined);
    if (response.status === 404 && optional) return null;
    throw httpError(response, url, ctx.id, ctx.endpoint);
  }
  const encoded = (response.headers.get("content-encoding") ?? "identity") !== "identity";
  const length = response.headers.get("content-length");
  const totalBytes = !encoded && length !== null && /^\d+$/.test(length) ? Number(length) : undefined;
  const report = (phase: HubProgress["phase"], receivedBytes: number) => ctx.onProgress?.({ id: ctx.id, file, phase, receivedBytes, totalBytes });

  const tmp = join(dirname(dest), `.${file}.${process.pid}-${randomBytes(6).toString("hex")}.part`);
  const handle = await open(tmp, "wx");
  let received = 0;
  try {
    report("start", 0);
    const reader = response.body.getReader();
    for (;;) {
      let chunk: Awaited<ReturnType<typeof reader.read>>;
      try {
        chunk = await reader.read();
      } catch (err) {
        const why = stalled ? `no data for ${ctx.stallTimeoutMs / 1000} s` : describeCause(err);
        throw new HubDownloadError("interrupted", `download of ${url} broke off after ${received}${totalBytes === undefined ? "" : ` of ${totalBytes}`} bytes (${why}); nothing was kept, run again to retry`, url, { cause: err });
      }
      if (chunk.done) break;
      rearm();
      await writeAll(handle, chunk.value);
      received += chunk.value.byteLength;
      report("data", received);
    }
    clearTimeout(timer);
    if (totalBytes !== undefined && received !== totalBytes) {
      throw new HubDownloadError("interrupted", `download of ${url} ended after ${received} of ${totalBytes} bytes; nothing was kept, run again to retry`, url);
    }
    await handle.sync();
    await handle.close();
    await rename(tmp, dest);
  } catch (err) {
    clearTimeout(timer);
    controller.abort();
    await handle.close().catch(() => undefined);
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
  report("done", received);
  return received;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Remove temporary files left in `dir` by downloads whose process has died (e.g. killed mid-file). */
export async function removeStaleParts(dir: string): Promise<void> {
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const name of names) {
    const match = TMP_SUFFIX.exec(name);
    if (match && !processAlive(Number(match[1]))) await unlink(join(dir, name)).catch(() => undefined);
  }
}
