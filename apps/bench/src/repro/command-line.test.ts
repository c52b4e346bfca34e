import { describe, expect, it } from "vitest";
import { reproCommand, shellQuote } from "./command-line.js";
import { parseReproArgs } from "./options.js";

describe("reproCommand", () => {
  it("writes every option out, and --out only when it is not the default", () => {
    const o = parseReproArgs(["--presets", "0.21M", "--seeds", "0,1"], "/r");
    expect(reproCommand(o, "results/runs", "results/runs")).toBe(
      "pnpm repro:tables --presets 0.21M --losses ce,cpo --seeds 0,1 --epochs 10",
    );
    expect(reproCommand(o, "elsewhere/runs", "results/runs")).toMatch(/ --out elsewhere\/runs$/);
  });

  it("shortens the default quick run to --quick", () => {
    expect(reproCommand(parseReproArgs(["--quick"], "/r"), "q", "q")).toBe("pnpm repro:tables --quick");
    expect(reproCommand(parseReproArgs(["--quick", "--epochs", "2"], "/r"), "q", "q")).toContain("--epochs 2 --train-limit 4000 --test-limit 1000");
  });

  it("quotes what a shell would split", () => {
    expect(shellQuote("results/runs")).toBe("results/runs");
    expect(shellQuote("my runs")).toBe("'my runs'");
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
  });
});
