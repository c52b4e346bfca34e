import { describe, expect, it } from "vitest";
import { UsageError } from "../command.js";
import { parseIndexRanges } from "./index-ranges.js";
import { parseFlags } from "./parse-flags.js";
import { shellJoin } from "./shell-quote.js";
import { parseChoice, parseIntFlag } from "./values.js";

describe("parseIndexRanges", () => {
  it("reads single indices and inclusive ranges, in the order given", () => {
    expect(parseIndexRanges("--indices", "0-3", 10)).toEqual([0, 1, 2, 3]);
    expect(parseIndexRanges("--indices", "3,5,9-12", 100)).toEqual([3, 5, 9, 10, 11, 12]);
    expect(parseIndexRanges("--indices", " 7 ", 10)).toEqual([7]);
  });

  it("rejects backwards ranges, junk and indices past the end, naming the flag", () => {
    expect(() => parseIndexRanges("--indices", "5-3", 10)).toThrow(/--indices: range 5-3 runs backwards/);
    expect(() => parseIndexRanges("--indices", "1,x", 10)).toThrow(/--indices: "x" is not an index/);
    expect(() => parseIndexRanges("--indices", "-1", 10)).toThrow(UsageError);
    expect(() => parseIndexRanges("--indices", "0-10", 10)).toThrow(/index 10 is out of range: there are 10 test images \(0-9\)/);
  });
});

describe("parseIntFlag", () => {
  it("accepts decimal and 0x hex", () => {
    expect(parseIntFlag("--seed", "42", 0)).toBe(42);
    expect(parseIntFlag("--seed", "0x66ccff", 0)).toBe(6737151);
  });

  it("says what was expected and what was given", () => {
    expect(() => parseIntFlag("--epochs", "abc", 1)).toThrow('--epochs must be a positive integer, got "abc"');
    expect(() => parseIntFlag("--epochs", "0", 1)).toThrow(/positive integer, got "0"/);
    expect(() => parseIntFlag("--batch", "1.5", 1)).toThrow(/got "1.5"/);
    expect(() => parseIntFlag("--seed", "-3", 0)).toThrow('--seed must be a non-negative integer, got "-3"');
    expect(() => parseIntFlag("--seed", "", 0)).toThrow(UsageError);
  });
});

describe("parseChoice", () => {
  it("lists the choices when the value is not one", () => {
    expect(parseChoice("--loss", "cpo", ["ce", "cpo"])).toBe("cpo");
    expect(() => parseChoice("--loss", "mse", ["ce", "cpo"])).toThrow('--loss must be one of ce, cpo, got "mse"');
  });
});

describe("parseFlags", () => {
  const spec = { out: { type: "string" }, json: { type: "boolean", default: false } } as const;

  it("parses known flags", () => {
    const { values } = parseFlags(["--out", "d", "--json"], spec);
    expect(values).toEqual({ out: "d", json: true });
  });

  it("turns parseArgs errors into short usage errors", () => {
    expect(() => parseFlags(["--bogus"], spec)).toThrow(new UsageError("unknown flag --bogus"));
    expect(() => parseFlags(["--out"], spec)).toThrow(new UsageError("flag --out needs a value"));
    expect(() => parseFlags(["stray"], spec)).toThrow(/unexpected argument "stray"/);
  });

  it("allows positionals when asked", () => {
    expect(parseFlags(["a.png", "--json", "b.png"], spec, true).positionals).toEqual(["a.png", "b.png"]);
  });
});

describe("shellJoin", () => {
  it("quotes only what a shell would split or expand", () => {
    expect(shellJoin(["llmnist", "train", "--out", "runs/a b", "--seed", "0x1", "it's"])).toBe(
      "llmnist train --out 'runs/a b' --seed 0x1 'it'\\''s'",
    );
  });
});
