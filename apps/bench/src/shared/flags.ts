/** What a command accepts: each flag's kind. */
export type FlagSpec = Record<string, "boolean" | "string" | "list">;

export type FlagValues<S extends FlagSpec> = {
  [K in keyof S]?: S[K] extends "boolean" ? boolean : S[K] extends "list" ? string[] : string;
};

/**
 * Parses `--name value`, `--name=value` and boolean `--name`. "list" flags may repeat and
 * take comma lists (`--preset 0.21M,0.25M --preset 1.68M`). Unknown flags and stray
 * arguments throw, naming them and what is accepted.
 */
export function parseFlags<S extends FlagSpec>(argv: readonly string[], spec: S, command: string): FlagValues<S> {
  const out: Record<string, unknown> = {};
  const known = Object.keys(spec)
    .map((k) => `--${k}`)
    .join(", ");
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    // pnpm forwards a literal "--" when the caller wrote one; it carries no meaning here.
    if (arg === "--") continue;
    if (!arg.startsWith("--")) throw new Error(`${command}: unexpected argument "${arg}"; flags are ${known}`);
    const eq = arg.indexOf("=");
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    const kind = spec[name];
    if (kind === undefined) throw new Error(`${command}: unknown flag --${name}; flags are ${known}`);
    if (kind === "boolean") {
      if (eq !== -1) throw new Error(`${command}: --${name} takes no value`);
      out[name] = true;
      continue;
    }
    let value: string | undefined;
    if (eq !== -1) value = arg.slice(eq + 1);
    else {
      value = argv[i + 1];
      i++;
    }
    if (value === undefined || value === "" || value.startsWith("--")) throw new Error(`${command}: --${name} needs a value`);
    if (kind === "list") {
      const items = value.split(",").map((s) => s.trim()).filter((s) => s !== "");
      out[name] = [...((out[name] as string[] | undefined) ?? []), ...items];
    } else {
      out[name] = value;
    }
  }
  return out as FlagValues<S>;
}

/** A positive integer flag value, or `fallback` when absent. */
export function positiveIntFlag(value: string | undefined, name: string, command: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${command}: --${name} must be a positive integer, got "${value}"`);
  return n;
}

/** A non-negative integer flag value, or `fallback` when absent. */
export function nonNegativeIntFlag(value: string | undefined, name: string, command: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${command}: --${name} must be a non-negative integer, got "${value}"`);
  return n;
}
