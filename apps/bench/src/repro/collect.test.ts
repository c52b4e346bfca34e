import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { collectRuns } from "./collect.js";

function runsDir(): string {
  return mkdtempSync(join(tmpdir(), "llmnist-collect-"));
}

const metricsLine = (epoch: number, acc: number): string =>
  JSON.stringify({ epoch, train_loss: 0.1, test_accuracy: acc, lr: 1e-3, seconds: 100, steps: 1875 }) + "\n";

describe("collectRuns", () => {
  it("reads finished runs from summary.json", () => {
    const out = runsDir();
    mkdirSync(join(out, "0.21M-ce-seed0"));
    writeFileSync(
      join(out, "0.21M-ce-seed0", "summary.json"),
      JSON.stringify({ preset: "0.21M", loss: "ce", seed: 0, epochs: 10, best_accuracy: 99.1, final_accuracy: 99, params: 214090, backend: "wasm", wall_seconds: 5000, command: "x" }),
    );
    expect(collectRuns(out)).toEqual([
      {
        dir: join(out, "0.21M-ce-seed0"),
        preset: "0.21M",
        loss: "ce",
        seed: 0,
        epochsDone: 10,
        epochsPlanned: 10,
        bestAccuracy: 99.1,
        finalAccuracy: 99,
        params: 214090,
        backend: "wasm",
        wallSeconds: 5000,
        partial: false,
        trainImages: 60000,
        testImages: 10000,
      },
    ]);
  });

  it("reads partial runs from metrics.jsonl with run.json or the folder name, and skips runs with no epoch", () => {
    const out = runsDir();
    const a = join(out, "0.25M-cpo-seed7");
    mkdirSync(a);
    writeFileSync(join(a, "metrics.jsonl"), metricsLine(1, 97.5) + metricsLine(2, 98.25) + metricsLine(3, 98));
    writeFileSync(join(a, "run.json"), JSON.stringify({ preset: "0.25M", loss: "cpo", seed: 7, epochs: 10, batch: 32, train_limit: 5000, test_limit: null }));
    const b = join(out, "1.68M-ce-seed1");
    mkdirSync(b);
    writeFileSync(join(b, "metrics.jsonl"), metricsLine(1, 96));
    const c = join(out, "0.21M-ce-seed2");
    mkdirSync(c);
    writeFileSync(join(c, "metrics.jsonl"), ""); // started, no epoch yet
    writeFileSync(join(out, "tables.md"), "not a run folder");

    const runs = collectRuns(out);
    expect(runs.map((r) => r.dir)).toEqual([a, b]);
    expect(runs[0]).toMatchObject({
      preset: "0.25M",
      loss: "cpo",
      seed: 7,
      epochsDone: 3,
      epochsPlanned: 10,
      bestAccuracy: 98.25,
      finalAccuracy: 98,
      params: 251530,
      wallSeconds: 300,
      partial: true,
      trainImages: 5000,
      testImages: 10000,
    });
    expect(runs[1]).toMatchObject({ preset: "1.68M", loss: "ce", seed: 1, epochsPlanned: undefined, params: 1680010 });
  });

  it("names the file and field when a summary is broken", () => {
    const out = runsDir();
    mkdirSync(join(out, "r"));
    writeFileSync(join(out, "r", "summary.json"), JSON.stringify({ preset: "0.21M", loss: "ce", seed: 0, epochs: 10, final_accuracy: 99, wall_seconds: 1 }));
    expect(() => collectRuns(out)).toThrow(/r\/summary.json: field "best_accuracy" must be a number, got undefined/);
    writeFileSync(join(out, "r", "summary.json"), "{");
    expect(() => collectRuns(out)).toThrow(/summary.json: cannot read JSON/);
  });

  it("refuses a partial run it cannot identify", () => {
    const out = runsDir();
    mkdirSync(join(out, "mystery"));
    writeFileSync(join(out, "mystery", "metrics.jsonl"), metricsLine(1, 90));
    expect(() => collectRuns(out)).toThrow(/mystery: a partial run without run.json and not named <preset>-<loss>-seed<N>/);
  });

  it("gives no runs for a folder that does not exist", () => {
    expect(collectRuns(join(runsDir(), "missing"))).toEqual([]);
  });
});
