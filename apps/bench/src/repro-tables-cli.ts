import { existsSync, readFileSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import { PAPER_ACCURACY, VIT_MOE_PRESETS, VIT_PRESETS } from "@llmnist/vit";
import { findRepoRoot } from "./shared/repo-root.js";
import type { RunProcess } from "./shared/run-process.js";
import { collectRuns } from "./repro/collect.js";
import { reproCommand, shellQuote } from "./repro/command-line.js";
import { extraCommands, presetsWithoutRuns } from "./repro/coverage.js";
import { replaceTablesSection, tablesBody, tablesDocument, type TablesContext } from "./repro/document.js";
import { parseReproArgs, REPRO_USAGE, type ReproOptions } from "./repro/options.js";
import { planRuns, runLabel } from "./repro/plan.js";
import { activeTrainingDirs } from "./repro/active-runs.js";
import { buildBeyondTable } from "./repro/beyond-table.js";
import { evaluateDrawnDigits, missingSetFiles, runsToEvaluate, type EvalOutcome } from "./repro/drawn-digits.js";
import { inspectRunDir } from "./repro/run-dir.js";
import { buildMoETables } from "./repro/moe-table.js";
import { executePlan } from "./repro/runner.js";
import { buildTables, isPaperRow } from "./repro/table.js";

export interface ReproDeps {
  /** The CLI program and leading arguments; default [node, <root>/apps/cli/bin/llmnist.mjs]. */
  cli?: readonly string[];
  run?: RunProcess;
  log?: (line: string) => void;
  /** Where --dry-run prints its commands; default stdout. */
  print?: (line: string) => void;
}

/** A path as the user types it from the repository root. */
function fromRoot(root: string, path: string): string {
  const rel = relative(root, path);
  return rel === "" || rel.startsWith("..") || isAbsolute(rel) ? path : rel;
}

/** Rewrites tables.md (beside the run folder) and, unless told not to, the README's Results section. */
async function writeTables(root: string, o: ReproOptions, outAbs: string, command: string, log: (l: string) => void): Promise<void> {
  const records = collectRuns(outAbs);
  // Mixture-of-experts runs are beyond the paper: a section of their own, the paper's tables unchanged;
  // buildTables takes the paper's losses on plain images, buildBeyondTable the other losses and augmented runs.
  const vits = records.filter((r) => r.moe === undefined);
  const tables = buildTables(vits, PAPER_ACCURACY, Object.keys(VIT_PRESETS));
  const beyondTables = buildBeyondTable(vits, PAPER_ACCURACY, Object.keys(VIT_PRESETS));
  const moeTables = buildMoETables(
    records.filter((r) => r.moe !== undefined),
    Object.keys(VIT_MOE_PRESETS),
  );
  const ctx: TablesContext = {
    command,
    extraCommands: extraCommands(records, o),
    presetsWithoutRuns: presetsWithoutRuns(records, o),
    runsDir: fromRoot(root, outAbs),
    runCount: records.length,
    partialCount: records.filter((r) => r.partial).length,
    distilled: vits.some((r) => isPaperRow(r) && r.distillation !== undefined),
    beyondTables,
    moeTables,
  };
  const tablesPath = join(dirname(outAbs), "tables.md");
  await mkdir(dirname(tablesPath), { recursive: true });
  await writeFile(tablesPath, tablesDocument(tables, ctx));
  log(`wrote ${fromRoot(root, tablesPath)} (${records.length} runs)`);
  if (o.updateReadme) {
    const readmePath = join(root, "README.md");
    await writeFile(readmePath, replaceTablesSection(readFileSync(readmePath, "utf8"), tablesBody(tables, ctx)));
    log(`updated the Results section of README.md`);
  }
}

/**
 * The finished runs in --out to evaluate on the drawn-digit set, and the set's folder (from the
 * root); none when --drawn-digits none, or when the default set is not there.
 */
function drawnDigitsWork(root: string, o: ReproOptions, busy: Set<string>): { setDir: string; runs: string[] } | undefined {
  const set = o.drawnDigits;
  if (set === undefined) return undefined;
  const missing = missingSetFiles(resolve(root, set.dir));
  if (missing.length > 0) {
    // The default set is optional (a checkout without results/); a given one was checked already.
    if (set.given) throw new Error(`repro:tables: --drawn-digits: ${set.dir} has no ${missing.join(", ")}`);
    return undefined;
  }
  return { setDir: set.dir, runs: runsToEvaluate(o.outDir, root, (dir) => busy.has(resolve(root, dir))) };
}

/**
 * `pnpm repro:tables`: returns the exit code (1 when a run or an evaluation failed or a run
 * conflicts, 130 when interrupted).
 */
export async function reproTablesMain(argv: readonly string[], cwd = process.cwd(), deps: ReproDeps = {}): Promise<number> {
  const root = findRepoRoot(cwd);
  const parsed = parseReproArgs(argv, root, cwd);
  const log = deps.log ?? ((line: string) => void process.stderr.write(`repro:tables: ${line}\n`));
  const print = deps.print ?? ((line: string) => void process.stdout.write(line + "\n"));
  if (parsed.help) {
    print(REPRO_USAGE);
    return 0;
  }
  const outAbs = resolve(cwd, parsed.outDir);
  // Paths relative to the root: the CLI runs there and records its command (and teacher) in summary.json.
  const o: ReproOptions = {
    ...parsed,
    outDir: fromRoot(root, outAbs),
    teacher: parsed.teacher === undefined ? undefined : fromRoot(root, resolve(cwd, parsed.teacher)),
    drawnDigits: parsed.drawnDigits === undefined ? undefined : { ...parsed.drawnDigits, dir: fromRoot(root, resolve(cwd, parsed.drawnDigits.dir)) },
  };
  const command = reproCommand(o, o.outDir, fromRoot(root, parseReproArgs(parsed.quick ? ["--quick"] : [], root).outDir));
  const cli = deps.cli ?? [process.execPath, join(root, "apps", "cli", "bin", "llmnist.mjs")];

  if (o.tablesOnly) {
    await writeTables(root, o, outAbs, command, log);
    return 0;
  }
  const busy = activeTrainingDirs();
  const plans = planRuns(
    o,
    (dir) => inspectRunDir(resolve(root, dir)),
    (dir) => busy.has(resolve(root, dir)),
  );
  if (o.dryRun) {
    const shown = [deps.cli === undefined ? "node" : cli[0]!, ...(deps.cli === undefined ? ["apps/cli/bin/llmnist.mjs"] : cli.slice(1))];
    for (const p of plans) {
      const prefix = p.action === "skip" || p.action === "conflict" || p.action === "busy" ? "# " : "";
      print(`# ${runLabel(p)}: ${p.action}: ${p.reason}`);
      print(prefix + [...shown, ...p.args].map(shellQuote).join(" "));
    }
    return 0;
  }
  const toRun = plans.filter((p) => p.action !== "skip" && p.action !== "conflict" && p.action !== "busy");
  const toEvaluate = drawnDigitsWork(root, o, busy);
  const needsCli = toRun.length > 0 || (toEvaluate?.runs.length ?? 0) > 0;
  if (needsCli && deps.cli === undefined && !existsSync(join(root, "apps", "cli", "dist", "main.js"))) {
    throw new Error("the llmnist CLI is not built (apps/cli/dist/main.js is missing); run `pnpm build` first");
  }

  const stop = new AbortController();
  const onSigint = (): void => {
    log("interrupted: the current run saves a checkpoint; no further runs start (run again to continue)");
    stop.abort();
  };
  process.on("SIGINT", onSigint);
  try {
    const outcomes = await executePlan(plans, {
      cli,
      cwd: root,
      log,
      signal: stop.signal,
      jobs: o.jobs,
      ...(deps.run === undefined ? {} : { run: deps.run }),
      afterRun: () => writeTables(root, o, outAbs, command, log),
    });
    // After the trainings, so that the runs just finished are evaluated too; then the tables show them.
    let evals: EvalOutcome[] = [];
    const work = drawnDigitsWork(root, o, busy);
    if (work !== undefined && work.runs.length > 0 && !stop.signal.aborted) {
      log(`evaluating ${work.runs.length} run${work.runs.length === 1 ? "" : "s"} on the drawn digits in ${work.setDir}`);
      evals = await evaluateDrawnDigits(work.runs, work.setDir, { cli, cwd: root, log, signal: stop.signal, ...(deps.run === undefined ? {} : { run: deps.run }) });
    }
    await writeTables(root, o, outAbs, command, log);
    const count = (s: string): number => outcomes.filter((x) => x.status === s).length;
    const evalCount = (s: EvalOutcome["status"]): number => evals.filter((x) => x.status === s).length;
    log(
      `${count("ok")} trained, ${count("skipped")} already done, ${count("failed")} failed, ` +
        `${count("conflict")} kept with other options, ${count("busy")} busy in another process, ${count("not-started")} not started` +
        (evals.length === 0 ? "" : `; drawn digits: ${evalCount("ok")} evaluated, ${evalCount("failed")} failed, ${evalCount("not-started")} not started`),
    );
    if (count("not-started") + evalCount("not-started") > 0) return 130;
    return count("failed") + count("conflict") + count("busy") + evalCount("failed") > 0 ? 1 : 0;
  } finally {
    process.off("SIGINT", onSigint);
  }
}
