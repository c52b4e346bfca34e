import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export interface Served {
  body: Uint8Array | string;
  type: string;
}

/**
 * An HTTP server on 127.0.0.1 (a free port) answering GET with `lookup(path)`, 404 otherwise.
 * No cross-origin isolation headers: the page runs without SharedArrayBuffer, so tfjs's wasm
 * backend and the kernels run on the page's own thread.
 */
export async function serveLocally(lookup: (path: string) => Served | undefined): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? "/", "http://127.0.0.1").pathname;
    const found = request.method === "GET" ? lookup(path) : undefined;
    if (!found) {
      response.writeHead(404, { "content-type": "text/plain" }).end(`not found: ${path}`);
      return;
    }
    response.writeHead(200, { "content-type": found.type, "cache-control": "no-store" }).end(found.body);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
