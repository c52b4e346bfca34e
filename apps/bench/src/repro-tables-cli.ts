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
import { inspectRunDir } from "./repro/run-dir.js";
import { buildMoETables } from "./repro/moe-table.js";
import { executePlan } from "./repro/runner.js";
import { buildTables } from "./repro/table.js";

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
  // Mixture-of-experts runs are beyond the paper: a section of their own, the paper's tables unchanged.
  const tables = buildTables(
    records.filter((r) => r.moe === undefined),
    PAPER_ACCURACY,
    Object.keys(VIT_PRESETS),
  );
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
    distilled: records.some((r) => r.distillation !== undefined),
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

/** `pnpm repro:tables`: returns the exit code (1 when a run failed or conflicts, 130 when interrupted). */
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
  if (toRun.length > 0 && deps.cli === undefined && !existsSync(join(root, "apps", "cli", "dist", "main.js"))) {
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
    await writeTables(root, o, outAbs, command, log);
    const count = (s: string): number => outcomes.filter((x) => x.status === s).length;
    log(
      `${count("ok")} trained, ${count("skipped")} already done, ${count("failed")} failed, ` +
        `${count("conflict")} kept with other options, ${count("busy")} busy in another process, ${count("not-started")} not started`,
    );
    if (count("not-started") > 0) return 130;
    return count("failed") + count("conflict") + count("busy") > 0 ? 1 : 0;
  } finally {
    process.off("SIGINT", onSigint);
  }
}
