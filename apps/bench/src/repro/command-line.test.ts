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

  it("adds --teacher, and the KD flags only when they are not the defaults", () => {
    const o = { ...parseReproArgs(["--presets", "0.21M", "--losses", "ce", "--seeds", "1"], "/r"), teacher: "results/runs/1.68M-ce-seed6737151/best.safetensors" };
    expect(reproCommand(o, "results/runs", "results/runs")).toBe(
      "pnpm repro:tables --presets 0.21M --losses ce --seeds 1 --epochs 10 --teacher results/runs/1.68M-ce-seed6737151/best.safetensors",
    );
    expect(reproCommand({ ...o, kdTemperature: 4, kdWeight: 0.5 }, "results/runs", "results/runs")).toMatch(/best\.safetensors --kd-weight 0\.5$/);
    expect(reproCommand({ ...o, kdTemperature: 2 }, "results/runs", "results/runs")).toMatch(/ --kd-temperature 2$/);
    expect(reproCommand({ ...parseReproArgs(["--quick"], "/r"), teacher: "t.safetensors" }, "q", "q")).toMatch(/^pnpm repro:tables --presets 0\.21M .* --teacher t\.safetensors$/);
  });

  it("adds --augment for augmented runs, after the distillation flags; --quick with it is written out", () => {
    const o = parseReproArgs(["--presets", "0.21M", "--losses", "ce,cpo-all", "--seeds", "1,2", "--augment"], "/r");
    expect(reproCommand(o, "results/runs", "results/runs")).toBe("pnpm repro:tables --presets 0.21M --losses ce,cpo-all --seeds 1,2 --epochs 10 --augment");
    expect(reproCommand({ ...o, teacher: "t.safetensors", kdWeight: 0.5 }, "x", "results/runs")).toBe(
      "pnpm repro:tables --presets 0.21M --losses ce,cpo-all --seeds 1,2 --epochs 10 --teacher t.safetensors --kd-weight 0.5 --augment --out x",
    );
    expect(reproCommand(parseReproArgs(["--quick", "--augment"], "/r"), "q", "q")).toBe(
      "pnpm repro:tables --presets 0.21M --losses ce,cpo --seeds 6737151 --epochs 1 --train-limit 4000 --test-limit 1000 --augment",
    );
  });

  it("quotes what a shell would split", () => {
    expect(shellQuote("results/runs")).toBe("results/runs");
    expect(shellQuote("my runs")).toBe("'my runs'");
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
  });
});
