import { runProcess, type RunProcess } from "../shared/run-process.js";
import { runLabel, type PlannedRun } from "./plan.js";

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
  /** Trainings at once (default 1). Above 1 their output is prefixed with the run's label. */
  jobs?: number;
}

export interface RunOutcome {
  plan: PlannedRun;
  status: "skipped" | "ok" | "failed" | "conflict" | "busy" | "not-started";
  detail?: string;
}

/**
 * Runs the planned trainings, one after the other by default (each uses both cores), or
 * `jobs` at a time; outcomes come back in plan order.
 */
export async function executePlan(plans: readonly PlannedRun[], o: RunnerOptions): Promise<RunOutcome[]> {
  const run = o.run ?? runProcess;
  const [program, ...lead] = o.cli;
  if (program === undefined) throw new Error("repro:tables: the CLI command is empty");
  const jobs = o.jobs ?? 1;
  const outcomes: RunOutcome[] = new Array(plans.length);

  const execute = async (i: number): Promise<RunOutcome> => {
    const plan = plans[i]!;
    const label = `[${i + 1}/${plans.length}] ${runLabel(plan)}`;
    if (plan.action === "skip") {
      o.log(`${label}: skipped, ${plan.reason}`);
      return { plan, status: "skipped" };
    }
    if (plan.action === "conflict" || plan.action === "busy") {
      o.log(`${label}: ${plan.reason}`);
      return { plan, status: plan.action, detail: plan.reason };
    }
    if (o.signal?.aborted) return { plan, status: "not-started", detail: "interrupted before it started" };
    o.log(`${label}: ${plan.reason}`);
    const r = await run(program, [...lead, ...plan.args], {
      cwd: o.cwd,
      ...(jobs === 1
        ? { inheritStdio: true }
        : {
            // No GEMM helper thread either: the runs keep the cores busy themselves.
            env: { ...process.env, LLMNIST_THREADS: "1" },
            onStderr: linesOf((line) => o.log(`${label}: ${line}`)),
            onStdout: linesOf((line) => o.log(`${label}: ${line}`)),
          }),
    });
    const ok = r.code === 0;
    const detail = ok ? undefined : `exit ${r.code ?? r.signal}${r.stderr ? `: ${r.stderr.trim().split("\n").slice(-3).join("\n")}` : ""}`;
    o.log(`${label}: ${ok ? "done" : `failed (${detail})`}`);
    await o.afterRun?.(plan, ok);
    return { plan, status: ok ? "ok" : "failed", ...(detail === undefined ? {} : { detail }) };
  };

  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < plans.length) {
      const i = next++;
      outcomes[i] = await execute(i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(jobs, plans.length)) }, lane));
  return outcomes;
}

/** Calls `each` with every complete line of a stream's chunks (a progress bar's \r counts as a line end). */
function linesOf(each: (line: string) => void): (chunk: string) => void {
  let pending = "";
  return (chunk) => {
    const parts = (pending + chunk).split(/\r?\n|\r/);
    pending = parts.pop() ?? "";
    for (const line of parts) if (line.trim() !== "") each(line);
  };
}
