import type { IncomingMessage, ServerResponse } from "node:http";

/**
 * One line per request: ISO time (of arrival), method, path (no query string), status, duration
 * and response body bytes, e.g. `2026-12-03T12:00:00.000Z POST /v1/classify 200 12ms 345B`.
 * Status 499: the client went away before the response.
 */
export function accessLogLine(entry: { time: Date; method: string; path: string; status: number; ms: number; bytes: number }): string {
  return `${entry.time.toISOString()} ${entry.method} ${entry.path} ${entry.status} ${Math.round(entry.ms)}ms ${entry.bytes}B`;
}

/** Calls `log` with the request's line once its response is done (or its connection gone). */
export function logWhenDone(req: IncomingMessage, res: ServerResponse, log: (line: string) => void): void {
  const time = new Date();
  const started = performance.now();
  let bytes = 0;
  const count = (chunk: unknown, encoding?: unknown): void => {
    if (typeof chunk === "string") bytes += Buffer.byteLength(chunk, typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8");
    else if (chunk instanceof Uint8Array) bytes += chunk.byteLength;
  };
  const write = res.write.bind(res) as (...args: unknown[]) => boolean;
  const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
  res.write = ((chunk: unknown, ...rest: unknown[]) => {
    count(chunk, rest[0]);
    return write(chunk, ...rest);
  }) as ServerResponse["write"];
  res.end = ((chunk?: unknown, ...rest: unknown[]) => {
    if (typeof chunk !== "function") count(chunk, rest[0]);
    return end(chunk, ...rest);
  }) as ServerResponse["end"];
  res.once("close", () => {
    const status = res.writableFinished ? res.statusCode : 499;
    log(accessLogLine({ time, method: req.method ?? "?", path: (req.url ?? "/").split("?")[0]!, status, ms: performance.now() - started, bytes }));
  });
}
