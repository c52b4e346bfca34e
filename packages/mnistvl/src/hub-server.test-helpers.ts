import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeHubOptions {
  /** Repos (`owner/name`) that answer 401 unless `Authorization: Bearer <token>`. */
  gated?: Record<string, string>;
  /** Files whose body stops half-way: "close" drops the connection, "stall" just stops sending. */
  breakOff?: Record<string, "close" | "stall">;
}

export interface FakeHub {
  endpoint: string;
  /** Every request path, in order. */
  requests: string[];
  headers: IncomingHttpHeaders[];
  close(): Promise<void>;
}

/** A local stand-in for the hub: serves `repos[owner/name][file]` at `/<owner>/<name>/resolve/main/<file>`. */
export async function startFakeHub(repos: Record<string, Record<string, Uint8Array>>, options: FakeHubOptions = {}): Promise<FakeHub> {
  const requests: string[] = [];
  const headers: IncomingHttpHeaders[] = [];
  const server = createServer((req, res) => {
    const path = req.url ?? "";
    requests.push(path);
    headers.push(req.headers);
    const match = /^\/([^/]+)\/([^/]+)\/resolve\/([^/]+)\/([^/]+)$/.exec(path);
    const [owner, name, revision, file] = (match?.slice(1) ?? []).map((p) => decodeURIComponent(p));
    const repo = `${owner}/${name}`;
    const token = options.gated?.[repo];
    if (match && token !== undefined && req.headers.authorization !== `Bearer ${token}`) {
      res.writeHead(401, { "x-error-message": `Access to model ${repo} is restricted.` }).end("unauthorized");
      return;
    }
    const body = match && revision === "main" ? repos[repo]?.[file!] : undefined;
    if (body === undefined) {
      res.writeHead(404, { "x-error-code": "EntryNotFound" }).end("not found");
      return;
    }
    res.writeHead(200, { "content-length": body.byteLength, "content-type": "application/octet-stream" });
    const mode = options.breakOff?.[file!];
    if (mode === undefined) {
      res.end(body);
      return;
    }
    res.write(body.subarray(0, body.byteLength >> 1), () => {
      if (mode === "close") setTimeout(() => res.socket?.destroy(), 20);
    });
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    headers,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

/** A port nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}
