import { UsageError } from "../command.js";

/** An integer flag value (decimal or 0x hex) of at least `min`; names the flag when it is not one. */
export function parseIntFlag(flag: string, value: string, min: number): number {
  const trimmed = value.trim();
  const parsed = /^(0x[0-9a-f]+|\d+)$/i.test(trimmed) ? Number(trimmed) : NaN;
  if (!Number.isSafeInteger(parsed) || parsed < min) {
    const what = min === 0 ? "a non-negative integer" : min === 1 ? "a positive integer" : `an integer >= ${min}`;
    throw new UsageError(`${flag} must be ${what}, got ${JSON.stringify(value)}`);
  }
  return parsed;
}

/** `value` when it is one of `choices`, else a UsageError listing them. */
export function parseChoice<const C extends readonly string[]>(flag: string, value: string, choices: C): C[number] {
  if ((choices as readonly string[]).includes(value)) return value as C[number];
  throw new UsageError(`${flag} must be one of ${choices.join(", ")}, got ${JSON.stringify(value)}`);
}

/** An optional integer flag: undefined stays undefined. */
export function optionalIntFlag(flag: string, value: string | undefined, min: number): number | undefined {
  return value === undefined ? undefined : parseIntFlag(flag, value, min);
}

/** A finite decimal number flag value; names the flag when it is not one. Range checks are the caller's. */
export function parseNumberFlag(flag: string, value: string): number {
  const trimmed = value.trim();
  const parsed = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(trimmed) ? Number(trimmed) : NaN;
  if (!Number.isFinite(parsed)) throw new UsageError(`${flag} must be a number, got ${JSON.stringify(value)}`);
  return parsed;
}
