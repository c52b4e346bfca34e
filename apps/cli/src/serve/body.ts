import type { IncomingMessage } from "node:http";
import { ApiError, badRequest } from "./errors.js";

/** 415 unless the request says its body is JSON (`application/json`, any parameters). */
export function requireJsonContentType(req: IncomingMessage): void {
  const type = (req.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
  if (type !== "application/json") {
    throw new ApiError(415, "unsupported_media_type", `Content-Type must be application/json, got ${JSON.stringify(req.headers["content-type"] ?? "")}`);
  }
}

const tooLarge = (maxBytes: number): ApiError => new ApiError(413, "body_too_large", `request body is larger than ${maxBytes} bytes`, { Connection: "close" });

/**
 * The body parsed as JSON. Over `maxBytes` (declared by Content-Length, or counted as it streams
 * in) is a 413 at once: nothing more is kept, the rest is discarded and the connection closes
 * after the response. Malformed JSON, invalid UTF-8 or an empty body is a 400.
 */
export async function readJsonBody(req: IncomingMessage, maxBytes: number, signal?: AbortSignal): Promise<unknown> {
  const declared = Number(req.headers["content-length"] ?? NaN);
  if (declared > maxBytes) {
    discardRest(req);
    throw tooLarge(maxBytes);
  }
  const bytes = await readLimited(req, maxBytes, signal);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw badRequest("the body is not valid UTF-8", "invalid_json");
  }
  if (text.trim() === "") throw badRequest("the body is empty; send a JSON object", "invalid_json");
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw badRequest(`the body is not valid JSON: ${(error as Error).message}`, "invalid_json");
  }
}

/**
 * Collects the body until it ends; rejects with 413 as soon as it passes `maxBytes`, and with
 * 408 when `signal` aborts first (the request timeout).
 */
function readLimited(req: IncomingMessage, maxBytes: number, signal?: AbortSignal): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = (): void => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onError);
      req.off("aborted", onError);
      signal?.removeEventListener("abort", onAbort);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size <= maxBytes) return void chunks.push(chunk);
      cleanup();
      chunks.length = 0;
      discardRest(req);
      reject(tooLarge(maxBytes));
    };
    const onEnd = (): void => {
      cleanup();
      resolve(Buffer.concat(chunks, size));
    };
    const onError = (): void => {
      cleanup();
      reject(badRequest("the request body was cut off", "aborted"));
    };
    const onAbort = (): void => {
      cleanup();
      chunks.length = 0;
      discardRest(req);
      reject(new ApiError(408, "request_timeout", "the request body did not arrive in time", { Connection: "close" }));
    };
    if (signal?.aborted) return onAbort();
    signal?.addEventListener("abort", onAbort, { once: true });
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onError);
    req.on("aborted", onError);
  });
}

/**
 * Lets the rest of an unwanted body drain without keeping it, so the client (still sending)
 * can read the error response; the server closes the connection after that response.
 */
function discardRest(req: IncomingMessage): void {
  req.on("data", () => {});
  req.on("error", () => {});
  req.resume();
}
