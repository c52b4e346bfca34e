import { existsSync, mkdirSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { ProcessResult } from "../shared/run-process.js";
import { evalArgs, evaluateDrawnDigits, missingSetFiles, parseEvalOutput, runsToEvaluate } from "./drawn-digits.js";

/** A folder "root" with run folders under root/runs holding the given files. */
function root(runs: Record<string, string[]>): string {
  const dir = mkdtempSync(join(tmpdir(), "llmnist-drawn-"));
  for (const [name, files] of Object.entries(runs)) {
    mkdirSync(join(dir, "runs", name), { recursive: true });
    for (const f of files) writeFileSync(join(dir, "runs", name, f), "{}");
  }
  return dir;
}

const EVAL_JSON = JSON.stringify({ accuracy: 97.6, correct: 1952, total: 2000, by: { part: { font: { accuracy: 96.6 } } } });

describe("runsToEvaluate", () => {
  it("lists finished runs with a best model and no drawn-digits.json, or one older than the model", () => {
    const r = root({
      "0.21M-ce-seed1": ["summary.json", "best.safetensors"],
      "0.21M-ce-seed2": ["summary.json", "best.safetensors", "drawn-digits.json"],
      "0.21M-ce-seed3": ["summary.json", "best.safetensors", "drawn-digits.json"],
      "0.21M-ce-seed4": ["metrics.jsonl", "best.safetensors"], // still training
      "0.21M-ce-seed5": ["summary.json"], // no best model (an old run)
      "0.21M-ce-seed6": ["summary.json", "best.safetensors"],
    });
    // seed 3 was trained again (--overwrite) after it was evaluated
    utimesSync(join(r, "runs", "0.21M-ce-seed3", "drawn-digits.json"), new Date(1000), new Date(1000));
    writeFileSync(join(r, "runs", "tables.md"), "not a run");
    expect(runsToEvaluate("runs", r, (dir) => dir.endsWith("seed6"))).toEqual(["runs/0.21M-ce-seed1", "runs/0.21M-ce-seed3"]);
    expect(runsToEvaluate("missing", r)).toEqual([]);
  });
});

describe("the set and the eval command", () => {
  it("name the set's files and the CLI's arguments", () => {
    const r = root({});
    expect(missingSetFiles(join(r, "nowhere"))).toEqual(["drawn-digits-images-idx3-ubyte.gz", "drawn-digits-labels-idx1-ubyte.gz", "meta.json"]);
    writeFileSync(join(r, "meta.json"), "{}");
    expect(missingSetFiles(r)).toEqual(["drawn-digits-images-idx3-ubyte.gz", "drawn-digits-labels-idx1-ubyte.gz"]);
    expect(evalArgs("results/runs/0.21M-ce-aug-seed1", "results/drawn-digits").join(" ")).toBe(
      "eval --checkpoint results/runs/0.21M-ce-aug-seed1/best.safetensors --images results/drawn-digits/drawn-digits-images-idx3-ubyte.gz " +
        "--labels results/drawn-digits/drawn-digits-labels-idx1-ubyte.gz --meta results/drawn-digits/meta.json --by part,polarity --json",
    );
  });

  it("take the eval's last line as its JSON and check accuracy and total", () => {
    expect(parseEvalOutput(`${EVAL_JSON}\n`)).toEqual({ accuracy: 97.6, total: 2000, json: EVAL_JSON });
    expect(parseEvalOutput(`a note\n${EVAL_JSON}`).json).toBe(EVAL_JSON);
    expect(() => parseEvalOutput("accuracy 97.6%\n")).toThrow('llmnist eval printed no JSON object: "accuracy 97.6%"');
    expect(() => parseEvalOutput(JSON.stringify({ accuracy: 0.976 * 1000, total: 2000 }))).toThrow(`llmnist eval's JSON: field "accuracy" must be a percentage, got 976`);
    expect(() => parseEvalOutput(JSON.stringify([1]))).toThrow(`field "accuracy" must be a percentage, got undefined`);
    expect(() => parseEvalOutput(JSON.stringify({ accuracy: 97.6 }))).toThrow(`llmnist eval's JSON: field "total" must be a positive integer, got undefined`);
  });
});

describe("evaluateDrawnDigits", () => {
  const result = (over: Partial<ProcessResult>): ProcessResult => ({ code: 0, signal: null, stdout: `${EVAL_JSON}\n`, stderr: "", ...over });

  it("saves each run's JSON, logs a failure or a bad output and goes on, and starts nothing once aborted", async () => {
    const r = root({ a: [], b: [], c: [], d: [] });
    const stop = new AbortController();
    const seen: string[][] = [];
    const outputs: Record<string, ProcessResult> = {
      "runs/a": result({}),
      "runs/b": result({ code: 4, stderr: "progress\nboom\n" }),
      "runs/c": result({ stdout: "not json\n" }),
    };
    const lines: string[] = [];
    const outcomes = await evaluateDrawnDigits(["runs/a", "runs/b", "runs/c", "runs/d"], "set", {
      cli: ["node", "cli.mjs"],
      cwd: r,
      log: (l) => lines.push(l),
      signal: stop.signal,
      run: async (_program, args, opts) => {
        seen.push([...args]);
        expect(opts).toEqual({ cwd: r });
        const dir = args[3]!.replace("/best.safetensors", "");
        if (dir === "runs/c") stop.abort();
        return outputs[dir]!;
      },
    });
    expect(seen.map((a) => a.slice(0, 4))).toEqual([
      ["cli.mjs", "eval", "--checkpoint", "runs/a/best.safetensors"],
      ["cli.mjs", "eval", "--checkpoint", "runs/b/best.safetensors"],
      ["cli.mjs", "eval", "--checkpoint", "runs/c/best.safetensors"],
    ]);
    expect(outcomes.map((o) => [o.dir, o.status, o.accuracy])).toEqual([
      ["runs/a", "ok", 97.6],
      ["runs/b", "failed", undefined],
      ["runs/c", "failed", undefined],
      ["runs/d", "not-started", undefined],
    ]);
    expect(readFileSync(join(r, "runs", "a", "drawn-digits.json"), "utf8")).toBe(`${EVAL_JSON}\n`);
    for (const d of ["b", "c", "d"]) expect(existsSync(join(r, "runs", d, "drawn-digits.json"))).toBe(false);
    expect(lines).toEqual([
      "[1/4] drawn digits: runs/a: 97.60% of 2000 pictures, saved in runs/a/drawn-digits.json",
      "[2/4] drawn digits: runs/b: failed (exit 4: progress\nboom)",
      '[3/4] drawn digits: runs/c: failed (llmnist eval printed no JSON object: "not json")',
    ]);
  });
});
