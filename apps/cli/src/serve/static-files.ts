import { existsSync, statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { extname, resolve, sep } from "node:path";
import { ApiError } from "./errors.js";

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".wasm": "application/wasm",
  ".png": "image/png",
  ".svg": "image/svg+xml",
};

/**
 * Serves the files under `root` (the built web page: GET and HEAD; `/` is index.html). A path
 * that leaves `root` (`..`, encoded or not), a folder or a missing file is a 404; nothing is
 * listed. Returns false when `path` is not a file here, so the caller can answer as for any
 * unknown route.
 */
export async function serveStaticFile(root: string, path: string, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  let relative: string;
  try {
    relative = decodeURIComponent(path === "/" ? "/index.html" : path);
  } catch {
    return false; // a malformed %-escape names no file
  }
  const base = resolve(root);
  const file = resolve(base, `.${relative}`);
  if (relative.includes("\0") || !file.startsWith(base + sep) || !existsSync(file) || !statSync(file).isFile()) return false;
  if (req.method !== "GET" && req.method !== "HEAD") throw new ApiError(405, "method_not_allowed", `${path} is a file of the web page: GET or HEAD, not ${req.method}`, { Allow: "GET, HEAD" });
  const body = await readFile(file);
  res.writeHead(200, {
    "Content-Type": CONTENT_TYPES[extname(file).toLowerCase()] ?? "application/octet-stream",
    "Content-Length": body.byteLength,
    // The page may be rebuilt while the server runs: revalidate rather than serve a stale build.
    "Cache-Control": "no-cache",
  });
  res.end(req.method === "HEAD" ? undefined : body);
  return true;
}
