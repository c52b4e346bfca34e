import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize, sep } from "node:path";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".png": "image/png",
  ".wasm": "application/wasm",
};

/**
 * A plain static file server for `root` on 127.0.0.1 (a free port), under `basePath` (e.g.
 * "/some/base/"), so a page that uses absolute URLs breaks. No cross-origin isolation
 * headers: like most static hosts, so tfjs's wasm runs on the page's own thread.
 */
export async function serveDir(root: string, basePath: string): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? "/", "http://127.0.0.1").pathname);
    const inside = path.startsWith(basePath) ? normalize(path.slice(basePath.length)) : null;
    const notFound = (): void => void response.writeHead(404, { "content-type": "text/plain" }).end(`not found: ${path}`);
    if (request.method !== "GET" || inside === null || inside.startsWith("..") || inside.includes(`${sep}..`)) return notFound();
    const file = join(root, inside === "." || inside === "" ? "index.html" : inside);
    readFile(file).then(
      (body) => response.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" }).end(body),
      notFound,
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${basePath}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
