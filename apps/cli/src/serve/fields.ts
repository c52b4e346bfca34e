import { badRequest } from "./errors.js";

/** "string", "number", "array", "null", ... for error messages. */
export function jsonType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The request body as an object, else a 400. */
export function requireObject(value: unknown, what = "the body"): JsonObject {
  if (!isObject(value)) throw badRequest(`${what} must be a JSON object, got ${jsonType(value)}`, "invalid_type");
  return value;
}

/** An optional number field (absent or null: undefined) within [min, max]; a 400 naming it otherwise. */
export function optionalNumber(body: JsonObject, field: string, min: number, max: number): number | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" || !Number.isFinite(value)) throw badRequest(`${field} must be a number, got ${jsonType(value)}`, "invalid_type");
  if (value < min || value > max) throw badRequest(`${field} must be between ${min} and ${max}, got ${value}`, "invalid_value");
  return value;
}

/** An optional integer field (absent or null: undefined) of at least `min`. */
export function optionalInteger(body: JsonObject, field: string, min: number): number | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" || !Number.isSafeInteger(value)) throw badRequest(`${field} must be an integer, got ${JSON.stringify(value)}`, "invalid_type");
  if (value < min) throw badRequest(`${field} must be at least ${min}, got ${value}`, "invalid_value");
  return value;
}

/** An optional boolean field (absent or null: `fallback`). */
export function optionalBoolean(body: JsonObject, field: string, fallback: boolean): boolean {
  const value = body[field];
  if (value === undefined || value === null) return fallback;
  if (typeof value !== "boolean") throw badRequest(`${field} must be true or false, got ${jsonType(value)}`, "invalid_type");
  return value;
}
