import type { ServerResponse } from "node:http";
import { toApiError } from "./errors.js";

/** Sends `body` as JSON with `status` (a no-op when the response was already sent). */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent) return;
  const text = JSON.stringify(body);
  res.writeHead(status, { ...headers, "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text) });
  res.end(text);
}

/** Sends any error as OpenAI's `{"error": {...}}` (ApiErrors with their status, anything else as 500). */
export function sendError(res: ServerResponse, error: unknown, headers: Record<string, string> = {}): void {
  const api = toApiError(error);
  sendJson(res, api.status, api.body(), { ...api.headers, ...headers });
}
