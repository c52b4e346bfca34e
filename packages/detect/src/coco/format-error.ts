/** Malformed COCO JSON: the message names the file (source), the field and what was found. */
export class CocoFormatError extends Error {
  override name = "CocoFormatError";
}

/** A value as it appears in an error message, shortened. */
export function shownValue(value: unknown): string {
  if (value === undefined) return "nothing (missing)";
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

export const isRecord = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === "object" && !Array.isArray(value);
