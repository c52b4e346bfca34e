import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type FakeRepo, makeFakeDrawnDigits, makeFakeRepo } from "./repro/fake-cli.test-helpers.js";
import { BEYOND_INTRO } from "./repro/document.js";
import { MOE_HEADING } from "./repro/moe-table.js";
import { reproTablesMain } from "./repro-tables-cli.js";

const quiet = { log: () => {} };
const calls = (log: string): string[][] =>
  existsSync(log) ? readFileSync(log, "utf8").trim().split("\n").filter(Boolean).map((l) => JSON.parse(l) as string[]) : [];

/** A fresh fake repository whose stand-in CLI logs its calls to repo.callsLog (via FAKE_CLI_LOG), and the command that runs that CLI. */
function fakeRepoWithCli(): { repo: FakeRepo; cli: string[] } {
  const repo = makeFakeRepo();
  process.env.FAKE_CLI_LOG = repo.callsLog;
  return { repo, cli: [process.execPath, repo.cliScript] };
}

describe("reproTablesMain with a stand-in CLI", () => {
  it("trains every preset x loss x seed, writes tables.md and the README section, then skips finished runs", async () => {
    const { repo, cli } = fakeRepoWithCli();
    const argv = ["--presets", "0.21M", "--seeds", "0,1", "--epochs", "2"];
    expect(await reproTablesMain(argv, repo.root, { ...quiet, cli })).toBe(0);
    const made = calls(repo.callsLog);
    expect(made).toHaveLength(4);
    expect(made[0]).toEqual(["train", "--preset", "0.21M", "--loss", "ce", "--seed", "0", "--epochs", "2", "--out", "results/runs/0.21M-ce-seed0"]);

    const tables = readFileSync(join(repo.root, "results", "tables.md"), "utf8");
    expect(tables).toContain("pnpm repro:tables --presets 0.21M --losses ce,cpo --seeds 0,1 --epochs 2");
    expect(tables).toContain("From 4 runs in `results/runs`");
    // the stand-in: 95 + 0.4 * epoch + 0.01 * seed (cpo 0.1 lower); mean best 95.805 (95.705), 95.805 - 99.12 = -3.315
    expect(tables).toContain("| 0.21M | 214,090 | 2 | 60,000 / 10,000 | 2 | 95.81 ± 0.01 | 95.81 ± 0.01 | 99.12 | -3.31 | 20s | wasm |");
    expect(tables).toContain("| 0.21M | 214,090 | 2 | 60,000 / 10,000 | 2 | 95.71 ± 0.01 | 95.71 ± 0.01 | 99.01 | -3.30 | 20s | wasm |");
    const readme = readFileSync(join(repo.root, "README.md"), "utf8");
    expect(readme).toMatch(/## Results\n\n<!-- tables:start -->\nFrom 4 runs[\s\S]*<!-- tables:end -->\n\n## Development/);

    // Again: everything is done, nothing runs.
    expect(await reproTablesMain(argv, repo.root, { ...quiet, cli })).toBe(0);
    expect(calls(repo.callsLog)).toHaveLength(4);
  });

  it("puts mixture-of-experts runs in a section of their own and leaves the paper's tables as they were", async () => {
    const tablesOf = async (presets: string): Promise<string> => {
      const { repo, cli } = fakeRepoWithCli();
      const argv = ["--presets", presets, "--losses", "ce", "--seeds", "0,1", "--epochs", "2"];
      expect(await reproTablesMain(argv, repo.root, { ...quiet, cli })).toBe(0);
      const tables = readFileSync(join(repo.root, "results", "tables.md"), "utf8");
      const readme = readFileSync(join(repo.root, "README.md"), "utf8");
      expect(readme).toContain(paperPart(tables));
      // the README's Results section holds "Beyond the paper" at its tables' level, the MoE tables one below
      expect(readme.includes(`### Beyond the paper\n\n${BEYOND_INTRO}\n\n#${MOE_HEADING}\n`)).toBe(presets.includes("moe"));
      expect(existsSync(join(repo.root, "results", "runs", "0.21M-moe4-ce-seed1")), presets).toBe(presets.includes("moe"));
      return tables;
    };
    // From Table 6-1 to the notes under Table 6-2, whatever level "Beyond the paper" has after them.
    const paperPart = (t: string): string => {
      const end = t.search(/^#+ Beyond the paper$/m);
      return t.slice(t.indexOf("### Table 6-1"), end === -1 ? undefined : end).trimEnd();
    };
    const paperOnly = await tablesOf("0.21M");
    const withMoE = await tablesOf("0.21M,0.21M-moe4");
    expect(paperPart(withMoE)).toBe(paperPart(paperOnly));
    expect(paperOnly).not.toContain("moe");
    expect(withMoE).toContain("pnpm repro:tables --presets 0.21M,0.21M-moe4 --losses ce --seeds 0,1 --epochs 2");
    // the stand-in's MoE summary: img/s 400 + seed, aux 0.07 + 0.001 seed, load 10-40% (layer 0) to 15-35% (layer 5)
    expect(withMoE).toContain(`## Beyond the paper\n\n${BEYOND_INTRO}\n\n${MOE_HEADING}\n\n| preset | loss | params total / active |`);
    expect(withMoE).toContain("| 0.21M-moe4 | ce | 657,994 / 215,626 | 4, top-1 | 2 | 60,000 / 10,000 | 2 | 95.81 ± 0.01 | 95.81 ± 0.01 | 401 | 20s | 10.0–40.0 | 0.0705 | wasm |");
    expect(withMoE).toContain("| 0.21M-moe4 | ce | 2 | 2 | 10.0–40.0 | 11.0–39.0 | 12.0–38.0 | 13.0–37.0 | 14.0–36.0 | 15.0–35.0 |");
  });

    it("continues an interrupted run with --resume and reports a failing one", async () => {
    const { repo, cli } = fakeRepoWithCli();
    const dir = join(repo.root, "results", "runs", "0.21M-ce-seed0");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "checkpoint.safetensors"), "");
    writeFileSync(join(dir, "metrics.jsonl"), JSON.stringify({ epoch: 1, train_loss: 1, test_accuracy: 50, lr: 1e-3, seconds: 10, steps: 1875 }) + "\n");
    process.env.FAKE_CLI_FAIL = "0.25M";
    try {
      const code = await reproTablesMain(["--presets", "0.21M,0.25M", "--losses", "ce", "--seeds", "0", "--epochs", "2"], repo.root, {
        ...quiet,
        cli,
      });
      expect(code).toBe(1);
    } finally {
      delete process.env.FAKE_CLI_FAIL;
    }
    const made = calls(repo.callsLog);
    expect(made.map((a) => a.includes("--resume"))).toEqual([true, false]);
    // resumed: the first epoch (50%) is kept, the second added by the stand-in
    const summary = JSON.parse(readFileSync(join(dir, "summary.json"), "utf8")) as { best_accuracy: number; final_accuracy: number };
    expect(summary.final_accuracy).toBeCloseTo(95.8, 10);
    const tables = readFileSync(join(repo.root, "results", "tables.md"), "utf8");
    expect(tables).toContain("From 1 run in `results/runs`");
  });

  it("--quick writes to its own folder and leaves the README alone; --dry-run runs and writes nothing", async () => {
    const { repo, cli } = fakeRepoWithCli();
    const before = readFileSync(join(repo.root, "README.md"), "utf8");
    const printed: string[] = [];
    expect(await reproTablesMain(["--quick", "--dry-run"], repo.root, { ...quiet, print: (l) => printed.push(l) })).toBe(0);
    expect(printed).toEqual([
      "# 0.21M ce seed 6737151: fresh: not run yet",
      "node apps/cli/bin/llmnist.mjs train --preset 0.21M --loss ce --seed 6737151 --epochs 1 --train-limit 4000 --test-limit 1000 --out results/quick/runs/0.21M-ce-seed6737151",
      "# 0.21M cpo seed 6737151: fresh: not run yet",
      "node apps/cli/bin/llmnist.mjs train --preset 0.21M --loss cpo --seed 6737151 --epochs 1 --train-limit 4000 --test-limit 1000 --out results/quick/runs/0.21M-cpo-seed6737151",
    ]);
    expect(existsSync(join(repo.root, "results"))).toBe(false);

    expect(await reproTablesMain(["--quick"], repo.root, { ...quiet, cli })).toBe(0);
    expect(readFileSync(join(repo.root, "results", "quick", "tables.md"), "utf8")).toContain("pnpm repro:tables --quick");
    expect(existsSync(join(repo.root, "results", "tables.md"))).toBe(false);
    expect(readFileSync(join(repo.root, "README.md"), "utf8")).toBe(before);
  });

  it("keeps a finished run with other epochs and says how to replace it", async () => {
    const { repo, cli } = fakeRepoWithCli();
    const base = ["--presets", "0.21M", "--losses", "ce", "--seeds", "0"];
    expect(await reproTablesMain([...base, "--epochs", "1"], repo.root, { ...quiet, cli })).toBe(0);
    const lines: string[] = [];
    expect(await reproTablesMain([...base, "--epochs", "2"], repo.root, { log: (l) => lines.push(l), cli })).toBe(1);
    expect(lines.join("\n")).toMatch(/finished with other options: 1 epochs \(asked: 2\); kept \(pass --overwrite/);
    expect(await reproTablesMain([...base, "--epochs", "2", "--overwrite"], repo.root, { ...quiet, cli })).toBe(0);
    expect(calls(repo.callsLog).at(-1)).toContain("--overwrite");
  });

  it("--teacher trains <preset>-<loss>-kd-seed<S> runs with the KD flags and tables them apart from the plain runs", async () => {
    const { repo, cli } = fakeRepoWithCli();
    const teacherDir = join(repo.root, "results", "runs", "1.68M-ce-seed0");
    mkdirSync(teacherDir, { recursive: true });
    writeFileSync(join(teacherDir, "best.safetensors"), "");
    const teacher = "results/runs/1.68M-ce-seed0/best.safetensors";
    const base = ["--presets", "0.21M", "--losses", "ce", "--seeds", "0", "--epochs", "2"];
    expect(await reproTablesMain(base, repo.root, { ...quiet, cli })).toBe(0);

    // Given relative to where it is typed (here: results/), passed to the CLI relative to the root.
    const printed: string[] = [];
    const kdArgv = [...base, "--teacher", "runs/1.68M-ce-seed0/best.safetensors", "--kd-weight", "0.5"];
    expect(await reproTablesMain([...kdArgv, "--dry-run"], join(repo.root, "results"), { ...quiet, print: (l) => printed.push(l) })).toBe(0);
    expect(printed).toEqual([
      "# 0.21M ce KD seed 0: fresh: not run yet",
      `node apps/cli/bin/llmnist.mjs train --preset 0.21M --loss ce --seed 0 --epochs 2 --teacher ${teacher} --kd-weight 0.5 --out results/runs/0.21M-ce-kd-seed0`,
    ]);

    expect(await reproTablesMain(kdArgv, join(repo.root, "results"), { ...quiet, cli })).toBe(0);
    expect(calls(repo.callsLog).at(-1)).toEqual([
      "train", "--preset", "0.21M", "--loss", "ce", "--seed", "0", "--epochs", "2", "--teacher", teacher, "--kd-weight", "0.5", "--out", "results/runs/0.21M-ce-kd-seed0",
    ]);
    const tables = readFileSync(join(repo.root, "results", "tables.md"), "utf8");
    expect(tables).toContain(`pnpm repro:tables --presets 0.21M --losses ce --seeds 0 --epochs 2 --teacher ${teacher} --kd-weight 0.5\n`);
    // the plain run is not made by the --teacher command: named on its own line
    expect(tables).toContain("\npnpm repro:tables --presets 0.21M --losses ce --seeds 0 --epochs 2\n");
    expect(tables).toContain(
      "| 0.21M | 214,090 | 2 | 60,000 / 10,000 | 1 | 95.80 | 95.80 | 99.12 | -3.32 | 20s | wasm |\n" +
        "| 0.21M ← 1.68M (KD, T 4, w 0.5) | 214,090 | 2 | 60,000 / 10,000 | 1 | 95.80 | 95.80 | 99.12 | -3.32 | 20s | wasm |\n",
    );
    expect(tables).toContain("- KD rows: the student trained with loss = (1 − w) · label loss + w · T² · KL(teacher ‖ student)");

    // Again with the same teacher and settings: done; with another weight: kept, not overwritten.
    expect(await reproTablesMain(kdArgv, join(repo.root, "results"), { ...quiet, cli })).toBe(0);
    const lines: string[] = [];
    expect(await reproTablesMain([...base, "--teacher", teacher], repo.root, { log: (l) => lines.push(l), cli })).toBe(1);
    expect(lines.join("\n")).toMatch(/0\.21M ce KD seed 0: finished with other options: KD weight 0\.5 \(asked: 0\.9\)/);
    expect(calls(repo.callsLog)).toHaveLength(2);
  });

  it("refuses bad distillation flags before running anything", async () => {
    const { repo, cli } = fakeRepoWithCli();
    await expect(reproTablesMain(["--teacher", "nope.safetensors"], repo.root, { ...quiet, cli })).rejects.toThrow(/--teacher: file not found: nope\.safetensors/);
    await expect(reproTablesMain(["--kd-weight", "0.5"], repo.root, { ...quiet, cli })).rejects.toThrow(/--kd-weight needs --teacher FILE/);
    expect(calls(repo.callsLog)).toHaveLength(0);
  });
});

describe("reproTablesMain --augment and the drawn digits (stand-in CLI)", () => {
  const evalCalls = (log: string): string[][] => calls(log).filter((a) => a[0] === "eval");
  const trainCalls = (log: string): string[][] => calls(log).filter((a) => a[0] === "train");

  it("--augment trains <preset>-<loss>-aug-seed<S> runs and tables them beyond the paper, against the plain ce runs", async () => {
    const { repo, cli } = fakeRepoWithCli();
    const base = ["--presets", "0.21M", "--losses", "ce", "--seeds", "0,1", "--epochs", "2"];
    expect(await reproTablesMain(base, repo.root, { ...quiet, cli })).toBe(0);
    const printed: string[] = [];
    expect(await reproTablesMain([...base, "--augment", "--dry-run"], repo.root, { ...quiet, print: (l) => printed.push(l) })).toBe(0);
    expect(printed.slice(0, 2)).toEqual([
      "# 0.21M ce augmented seed 0: fresh: not run yet",
      "node apps/cli/bin/llmnist.mjs train --preset 0.21M --loss ce --seed 0 --epochs 2 --augment --out results/runs/0.21M-ce-aug-seed0",
    ]);
    expect(await reproTablesMain([...base, "--augment"], repo.root, { ...quiet, cli })).toBe(0);
    expect(trainCalls(repo.callsLog).slice(2).map((a) => a.slice(-3))).toEqual([
      ["--augment", "--out", "results/runs/0.21M-ce-aug-seed0"],
      ["--augment", "--out", "results/runs/0.21M-ce-aug-seed1"],
    ]);
    const summary = JSON.parse(readFileSync(join(repo.root, "results", "runs", "0.21M-ce-aug-seed1", "summary.json"), "utf8")) as Record<string, unknown>;
    expect(summary.augment).toMatchObject({ normalize: true });

    const tables = readFileSync(join(repo.root, "results", "tables.md"), "utf8");
    expect(tables).toContain("pnpm repro:tables --presets 0.21M --losses ce --seeds 0,1 --epochs 2 --augment\npnpm repro:tables --presets 0.21M --losses ce --seeds 0,1 --epochs 2\n");
    // Table 6-1: the plain runs only (95.805); beyond: the augmented ones 0.2 better (96.005, rounded down in floating point)
    expect(tables).toContain("### Table 6-1: cross-entropy\n\n| preset |");
    expect(tables.match(/^\| 0\.21M \| 214,090 \|/gm)).toHaveLength(1);
    expect(tables).toContain(
      "## Beyond the paper\n\n" +
        `${BEYOND_INTRO}\n\n` +
        "### Loss variants and augmentation (0.21M)\n\n" +
        "| recipe | params | epochs | seeds | best acc % | final acc % | − our ce | − paper ce | drawn digits % | wall time / run |\n" +
        "|---|---|---|---|---|---|---|---|---|---|\n" +
        "| 0.21M ce (paper protocol) | 214,090 | 2 | 2 | 95.81 ± 0.01 | 95.81 ± 0.01 | baseline | -3.31 | – | 20s |\n" +
        "| 0.21M ce + augment | 214,090 | 2 | 2 | 96.00 ± 0.01 | 96.00 ± 0.01 | +0.20 | -3.12 | – | 20s |\n",
    );
    expect(tables).toContain("- + augment: `llmnist train --augment`");
    const readme = readFileSync(join(repo.root, "README.md"), "utf8");
    expect(readme).toContain("### Beyond the paper\n");
    expect(readme).toContain("#### Loss variants and augmentation (0.21M)\n");

    // Done: nothing runs again; the same folders asked for without --augment are the plain ones, also done.
    expect(await reproTablesMain([...base, "--augment"], repo.root, { ...quiet, cli })).toBe(0);
    expect(await reproTablesMain(base, repo.root, { ...quiet, cli })).toBe(0);
    expect(trainCalls(repo.callsLog)).toHaveLength(4);
  });

  it("keeps a finished plain run found where an augmented one is asked for", async () => {
    const { repo, cli } = fakeRepoWithCli();
    const base = ["--presets", "0.21M", "--losses", "ce", "--seeds", "0", "--epochs", "1"];
    expect(await reproTablesMain(base, repo.root, { ...quiet, cli })).toBe(0);
    // moved by hand under an augmented run's name
    renameSync(join(repo.root, "results", "runs", "0.21M-ce-seed0"), join(repo.root, "results", "runs", "0.21M-ce-aug-seed0"));
    const lines: string[] = [];
    expect(await reproTablesMain([...base, "--augment"], repo.root, { log: (l) => lines.push(l), cli })).toBe(1);
    expect(lines.join("\n")).toContain("0.21M ce augmented seed 0: finished with other options: not augmented (asked: --augment); kept");
    expect(trainCalls(repo.callsLog)).toHaveLength(1);
  });

  it("evaluates every finished run on the drawn digits after the trainings, saves drawn-digits.json, and tables it", async () => {
    const { repo, cli } = fakeRepoWithCli();
    makeFakeDrawnDigits(join(repo.root, "results", "drawn-digits"));
    const runs = join(repo.root, "results", "runs");
    // An unfinished run (no summary.json, no best.safetensors) is not evaluated.
    mkdirSync(join(runs, "0.25M-ce-seed9"), { recursive: true });
    writeFileSync(join(runs, "0.25M-ce-seed9", "metrics.jsonl"), JSON.stringify({ epoch: 1, train_loss: 1, test_accuracy: 90, lr: 1e-3, seconds: 10, steps: 1 }) + "\n");
    const lines: string[] = [];
    const argv = ["--presets", "0.21M", "--losses", "ce,cpo-all", "--seeds", "1,2", "--epochs", "1", "--augment"];
    expect(await reproTablesMain(argv, repo.root, { log: (l) => lines.push(l), cli })).toBe(0);
    expect(calls(repo.callsLog).map((a) => a[0])).toEqual(["train", "train", "train", "train", "eval", "eval", "eval", "eval"]);
    expect(evalCalls(repo.callsLog)[0]).toEqual([
      "eval",
      "--checkpoint", "results/runs/0.21M-ce-aug-seed1/best.safetensors",
      "--images", "results/drawn-digits/drawn-digits-images-idx3-ubyte.gz",
      "--labels", "results/drawn-digits/drawn-digits-labels-idx1-ubyte.gz",
      "--meta", "results/drawn-digits/meta.json",
      "--by", "part,polarity",
      "--json",
    ]);
    // the stand-in: 90 + 0.1 * seed, + 5 augmented; fonts 1 lower, strokes 1 higher
    const saved = JSON.parse(readFileSync(join(runs, "0.21M-ce-aug-seed1", "drawn-digits.json"), "utf8")) as { accuracy: number; total: number; by: { part: Record<string, { accuracy: number }> } };
    expect([saved.accuracy, saved.total, saved.by.part.font!.accuracy, saved.by.part.strokes!.accuracy]).toEqual([95.1, 2000, 94.1, 96.1]);
    expect(lines).toContain("[1/4] drawn digits: results/runs/0.21M-ce-aug-seed1: 95.10% of 2000 pictures, saved in results/runs/0.21M-ce-aug-seed1/drawn-digits.json");
    expect(lines.at(-1)).toMatch(/; drawn digits: 4 evaluated, 0 failed, 0 not started$/);
    const tables = readFileSync(join(repo.root, "results", "tables.md"), "utf8");
    expect(tables).toMatch(/\| 0\.21M ce \+ augment \| 214,090 \| 1 \| 2 \| [^|]+ \| [^|]+ \| – \| [^|]+ \| 95\.15 ± 0\.07 \| 10s \|/);
    expect(tables).toMatch(/\| 0\.21M cpo-all \+ augment \| .* \| 95\.15 ± 0\.07 \| 10s \|/);

    // Again: every run has its drawn-digits.json; only one whose file is gone is evaluated.
    expect(await reproTablesMain(argv, repo.root, { ...quiet, cli })).toBe(0);
    expect(calls(repo.callsLog)).toHaveLength(8);
    rmSync(join(runs, "0.21M-cpo-all-aug-seed2", "drawn-digits.json"));
    expect(await reproTablesMain(argv, repo.root, { ...quiet, cli })).toBe(0);
    expect(evalCalls(repo.callsLog).slice(4).map((a) => a[2])).toEqual(["results/runs/0.21M-cpo-all-aug-seed2/best.safetensors"]);
    expect(existsSync(join(runs, "0.21M-cpo-all-aug-seed2", "drawn-digits.json"))).toBe(true);
    expect(readdirSync(join(runs, "0.21M-cpo-all-aug-seed2")).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });

  it("logs a failed evaluation, evaluates the others and exits 1; runs nothing with --tables-only or --dry-run", async () => {
    const { repo, cli } = fakeRepoWithCli();
    makeFakeDrawnDigits(join(repo.root, "results", "drawn-digits"));
    const argv = ["--presets", "0.21M", "--losses", "ce", "--seeds", "1,2", "--epochs", "1"];
    const lines: string[] = [];
    process.env.FAKE_CLI_EVAL_FAIL = "seed1/";
    try {
      expect(await reproTablesMain([...argv, "--tables-only"], repo.root, { ...quiet, cli })).toBe(0);
      expect(await reproTablesMain(argv, repo.root, { log: (l) => lines.push(l), cli })).toBe(1);
    } finally {
      delete process.env.FAKE_CLI_EVAL_FAIL;
    }
    expect(evalCalls(repo.callsLog).map((a) => a[2])).toEqual(["results/runs/0.21M-ce-seed1/best.safetensors", "results/runs/0.21M-ce-seed2/best.safetensors"]);
    expect(lines).toContain("[1/2] drawn digits: results/runs/0.21M-ce-seed1: failed (exit 4: fake: eval boom)");
    expect(lines.at(-1)).toMatch(/2 trained, .*; drawn digits: 1 evaluated, 1 failed, 0 not started$/);
    expect(existsSync(join(repo.root, "results", "runs", "0.21M-ce-seed1", "drawn-digits.json"))).toBe(false);
    expect(existsSync(join(repo.root, "results", "runs", "0.21M-ce-seed2", "drawn-digits.json"))).toBe(true);
    const tables = readFileSync(join(repo.root, "results", "tables.md"), "utf8");
    expect(tables).not.toContain("Beyond the paper"); // plain ce runs only: the paper's table, no drawn digits column

    const printed: string[] = [];
    expect(await reproTablesMain([...argv, "--dry-run"], repo.root, { ...quiet, cli, print: (l) => printed.push(l) })).toBe(0);
    expect(await reproTablesMain([...argv, "--tables-only"], repo.root, { ...quiet, cli })).toBe(0);
    expect(printed.some((l) => l.includes("eval"))).toBe(false);
    expect(evalCalls(repo.callsLog)).toHaveLength(2);
  });

  it("--drawn-digits none evaluates nothing; a given folder is used, a missing one refused; a missing default is skipped", async () => {
    const { repo, cli } = fakeRepoWithCli();
    const argv = ["--presets", "0.21M", "--losses", "ce", "--seeds", "1", "--epochs", "1"];
    const lines: string[] = [];
    expect(await reproTablesMain(argv, repo.root, { log: (l) => lines.push(l), cli })).toBe(0); // no results/drawn-digits here
    expect(lines.some((l) => l.includes("drawn digits"))).toBe(false);
    makeFakeDrawnDigits(join(repo.root, "results", "drawn-digits"));
    expect(await reproTablesMain([...argv, "--drawn-digits", "none"], repo.root, { ...quiet, cli })).toBe(0);
    expect(evalCalls(repo.callsLog)).toHaveLength(0);

    await expect(reproTablesMain([...argv, "--drawn-digits", "sets/missing"], repo.root, { ...quiet, cli })).rejects.toThrow(
      "repro:tables: --drawn-digits: folder not found: sets/missing",
    );
    expect(evalCalls(repo.callsLog)).toHaveLength(0);
    // Given relative to where it is typed (here: results/), passed to the CLI relative to the root.
    makeFakeDrawnDigits(join(repo.root, "sets", "mine"));
    expect(await reproTablesMain(["--out", "runs", ...argv, "--drawn-digits", "../sets/mine"], join(repo.root, "results"), { ...quiet, cli })).toBe(0);
    expect(evalCalls(repo.callsLog).map((a) => [a[2], a[4]])).toEqual([["results/runs/0.21M-ce-seed1/best.safetensors", "sets/mine/drawn-digits-images-idx3-ubyte.gz"]]);
  });
});
