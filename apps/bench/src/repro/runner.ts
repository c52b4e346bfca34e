import { runProcess, type RunProcess } from "../shared/run-process.js";
import type { PlannedRun } from "./plan.js";

export interface RunnerOptions {
  /** The program and its leading arguments, e.g. [node, "apps/cli/bin/llmnist.mjs"]. */
  cli: readonly string[];
  cwd: string;
  run?: RunProcess;
  log(line: string): void;
  /** Checked between runs: Ctrl-C lets the current run checkpoint and stops before the next. */
  signal?: AbortSignal;
  /** Called after each run that ended (to refresh the tables as results come in). */
  afterRun?: (plan: PlannedRun, ok: boolean) => Promise<void>;
}

export interface RunOutcome {
  plan: PlannedRun;
  status: "skipped" | "ok" | "failed" | "conflict" | "busy" | "not-started";
  detail?: string;
}

/** Runs the planned trainings one after the other (they would share the two cores otherwise). */
export async function executePlan(plans: readonly PlannedRun[], o: RunnerOptions): Promise<RunOutcome[]> {
  const run = o.run ?? runProcess;
  const [program, ...lead] = o.cli;
  if (program === undefined) throw new Error("repro:tables: the CLI command is empty");
  const outcomes: RunOutcome[] = [];
  for (const [i, plan] of plans.entries()) {
    const label = `[${i + 1}/${plans.length}] ${plan.preset} ${plan.loss} seed ${plan.seed}`;
    if (plan.action === "skip") {
      o.log(`${label}: skipped, ${plan.reason}`);
      outcomes.push({ plan, status: "skipped" });
      continue;
    }
    if (plan.action === "conflict" || plan.action === "busy") {
      o.log(`${label}: ${plan.reason}`);
      outcomes.push({ plan, status: plan.action, detail: plan.reason });
      continue;
    }
    if (o.signal?.aborted) {
      outcomes.push({ plan, status: "not-started", detail: "interrupted before it started" });
      continue;
    }
    o.log(`${label}: ${plan.reason}`);
    const r = await run(program, [...lead, ...plan.args], { cwd: o.cwd, inheritStdio: true });
    const ok = r.code === 0;
    const detail = ok ? undefined : `exit ${r.code ?? r.signal}${r.stderr ? `: ${r.stderr.trim().split("\n").slice(-3).join("\n")}` : ""}`;
    o.log(`${label}: ${ok ? "done" : `failed (${detail})`}`);
    outcomes.push({ plan, status: ok ? "ok" : "failed", ...(detail === undefined ? {} : { detail }) });
    await o.afterRun?.(plan, ok);
  }
  return outcomes;
}
