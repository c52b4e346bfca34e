import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { ApiError } from "./errors.js";

const digest = (text: string): Buffer => createHash("sha256").update(text).digest();

/** 401 unless the request carries `Authorization: Bearer <key>` (compared in constant time). */
export function checkApiKey(req: IncomingMessage, key: string): void {
  const header = req.headers.authorization ?? "";
  const match = /^Bearer\s+(.+)$/i.exec(header.trim());
  const challenge = { "WWW-Authenticate": 'Bearer realm="llmnist"' };
  if (!match) throw new ApiError(401, "missing_api_key", "an API key is required: send Authorization: Bearer <key>", challenge);
  if (!timingSafeEqual(digest(match[1]!), digest(key))) throw new ApiError(401, "invalid_api_key", "incorrect API key provided", challenge);
}
