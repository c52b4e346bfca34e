import { describe, expect, it } from "vitest";
import { nonNegativeIntFlag, parseFlags, positiveIntFlag } from "./flags.js";

const SPEC = { preset: "list", steps: "string", json: "boolean" } as const;

describe("parseFlags", () => {
  it("reads values, = values, booleans and repeatable comma lists", () => {
    const f = parseFlags(["--preset", "0.21M,0.25M", "--preset=1.68M", "--steps=5", "--json"], SPEC, "cmd");
    expect(f).toEqual({ preset: ["0.21M", "0.25M", "1.68M"], steps: "5", json: true });
    expect(parseFlags(["--", "--json"], SPEC, "cmd")).toEqual({ json: true });
  });

  it("names unknown flags, stray arguments and missing values", () => {
    expect(() => parseFlags(["--stepz", "3"], SPEC, "cmd")).toThrow(/cmd: unknown flag --stepz; flags are --preset, --steps, --json/);
    expect(() => parseFlags(["0.21M"], SPEC, "cmd")).toThrow(/unexpected argument "0.21M"/);
    expect(() => parseFlags(["--steps"], SPEC, "cmd")).toThrow(/--steps needs a value/);
    expect(() => parseFlags(["--steps", "--json"], SPEC, "cmd")).toThrow(/--steps needs a value/);
    expect(() => parseFlags(["--json=1"], SPEC, "cmd")).toThrow(/--json takes no value/);
  });

  it("checks integers", () => {
    expect(positiveIntFlag(undefined, "steps", "cmd", 7)).toBe(7);
    expect(positiveIntFlag("3", "steps", "cmd", 7)).toBe(3);
    expect(() => positiveIntFlag("0", "steps", "cmd", 7)).toThrow(/--steps must be a positive integer, got "0"/);
    expect(() => positiveIntFlag("2.5", "steps", "cmd", 7)).toThrow(/positive integer/);
    expect(nonNegativeIntFlag("0", "warmup", "cmd", 3)).toBe(0);
    expect(() => nonNegativeIntFlag("-1", "warmup", "cmd", 3)).toThrow(/non-negative/);
  });
});
