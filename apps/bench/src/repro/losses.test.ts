import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { reproTablesMain } from "../repro-tables-cli.js";
import { collectRuns } from "./collect.js";
import { makeFakeRepo } from "./fake-cli.test-helpers.js";

const quiet = { log: () => {} };
const calls = (log: string): string[][] =>
  existsSync(log) ? readFileSync(log, "utf8").trim().split("\n").filter(Boolean).map((l) => JSON.parse(l) as string[]) : [];

describe("repro:tables --losses with the CPO variants (stand-in CLI)", () => {
  it("trains each into <preset>-<loss>-seed<N>, tables them beyond the paper, then skips them", async () => {
    const repo = makeFakeRepo();
    process.env.FAKE_CLI_LOG = repo.callsLog;
    const cli = [process.execPath, repo.cliScript];
    const argv = ["--presets", "0.21M", "--losses", "cpo-all,cpo-ce,cpo-margin", "--seeds", "1", "--epochs", "1", "--no-readme"];
    expect(await reproTablesMain(argv, repo.root, { ...quiet, cli })).toBe(0);
    const made = calls(repo.callsLog);
    expect(made.map((args) => [args[4], args.at(-1)])).toEqual([
      ["cpo-all", "results/runs/0.21M-cpo-all-seed1"],
      ["cpo-ce", "results/runs/0.21M-cpo-ce-seed1"],
      ["cpo-margin", "results/runs/0.21M-cpo-margin-seed1"],
    ]);
    const runs = join(repo.root, "results", "runs");
    expect(collectRuns(runs).map((r) => [r.loss, r.seed, r.partial])).toEqual([
      ["cpo-all", 1, false],
      ["cpo-ce", 1, false],
      ["cpo-margin", 1, false],
    ]);
    const tables = readFileSync(join(repo.root, "results", "tables.md"), "utf8");
    expect(tables).toContain("pnpm repro:tables --presets 0.21M --losses cpo-all,cpo-ce,cpo-margin --seeds 1 --epochs 1");
    expect(tables).not.toContain("### Table 6-");
    expect(tables).toContain("## Beyond the paper\n");
    // the stand-in: 95 + 0.4 * 1 + 0.01 * 1; no ce run, so nothing to compare with but the paper (99.12)
    for (const loss of ["cpo-all", "cpo-ce", "cpo-margin"]) expect(tables).toContain(`| 0.21M ${loss} | 214,090 | 1 | 1 | 95.41 | 95.41 | – | -3.71 | – | 10s |`);
    for (const note of ["- cpo-all: CPO with every wrong class", "- cpo-ce: cross-entropy + λ · CPO", "- cpo-margin: CPO with a margin"]) expect(tables).toContain(note);

    expect(await reproTablesMain(argv, repo.root, { ...quiet, cli })).toBe(0);
    expect(calls(repo.callsLog)).toHaveLength(3);
  });

  it("reads a partial run without run.json by its folder name, hyphenated loss and all", () => {
    const repo = makeFakeRepo();
    const dir = join(repo.root, "results", "runs", "0.21M-cpo-margin-seed2");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "metrics.jsonl"), JSON.stringify({ epoch: 1, train_loss: 1, test_accuracy: 97, lr: 1e-3, seconds: 10, steps: 1 }) + "\n");
    expect(collectRuns(join(repo.root, "results", "runs")).map((r) => [r.preset, r.loss, r.seed, r.partial])).toEqual([["0.21M", "cpo-margin", 2, true]]);
  });
});
