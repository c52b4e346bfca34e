import { describe, expect, it } from "vitest";
import type { ProcessResult, RunProcessOptions } from "../shared/run-process.js";
import { parseReproArgs } from "./options.js";
import { planRuns } from "./plan.js";
import { executePlan } from "./runner.js";

const none = { hasCheckpoint: false, hasRunConfig: false };

/** A fake `run` that takes `ms` per call and records how many calls overlapped. */
function fakeRun(ms: number) {
  const calls: Array<{ args: readonly string[]; opts: RunProcessOptions | undefined }> = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const run = async (_cmd: string, args: readonly string[], opts?: RunProcessOptions): Promise<ProcessResult> => {
    calls.push({ args, opts });
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    opts?.onStderr?.("epoch 1/1 step 10/10 loss 0.1\rdone ");
    opts?.onStderr?.("now\n");
    await new Promise((r) => setTimeout(r, ms));
    inFlight--;
    const failed = args.includes("cpo") && args[args.indexOf("--seed") + 1] === "1";
    return { code: failed ? 3 : 0, signal: null, stdout: "", stderr: failed ? "boom\n" : "" };
  };
  return { run, calls, maxInFlight: () => maxInFlight };
}

describe("executePlan", () => {
  it("--jobs 2 runs two trainings at a time on one thread each, prefixes their output, keeps plan order", async () => {
    const o = { ...parseReproArgs(["--presets", "0.21M", "--seeds", "0,1", "--jobs", "2"], "/r"), outDir: "runs" };
    const plans = planRuns(o, () => none);
    const fake = fakeRun(30);
    const lines: string[] = [];
    const outcomes = await executePlan(plans, { cli: ["node", "cli.mjs"], cwd: "/r", run: fake.run, log: (l) => lines.push(l), jobs: o.jobs });
    expect(fake.maxInFlight()).toBe(2);
    expect(outcomes.map((x) => `${x.plan.loss} ${x.plan.seed} ${x.status}`)).toEqual(["ce 0 ok", "ce 1 ok", "cpo 0 ok", "cpo 1 failed"]);
    for (const c of fake.calls) {
      expect(c.args.slice(-4, -2)).toEqual(["--threads", "1"]);
      expect(c.opts?.env?.LLMNIST_THREADS).toBe("1");
      expect(c.opts?.inheritStdio).toBeUndefined();
    }
    expect(lines).toContain("[1/4] 0.21M ce seed 0: epoch 1/1 step 10/10 loss 0.1");
    expect(lines).toContain("[1/4] 0.21M ce seed 0: done now");
  });

  it("by default runs one training at a time on the terminal, with the engine's threads", async () => {
    const o = { ...parseReproArgs(["--presets", "0.21M", "--seeds", "0,1"], "/r"), outDir: "runs" };
    const fake = fakeRun(5);
    await executePlan(planRuns(o, () => none), { cli: ["node", "cli.mjs"], cwd: "/r", run: fake.run, log: () => {} });
    expect(fake.maxInFlight()).toBe(1);
    expect(fake.calls.every((c) => !c.args.includes("--threads") && c.opts?.inheritStdio === true && c.opts.env === undefined)).toBe(true);
  });

  it("names distilled runs KD in its messages", async () => {
    const o = { ...parseReproArgs(["--presets", "0.21M", "--losses", "ce", "--seeds", "0"], "/r"), outDir: "runs", teacher: "t.safetensors" };
    const fake = fakeRun(1);
    const lines: string[] = [];
    await executePlan(planRuns(o, () => none), { cli: ["node", "cli.mjs"], cwd: "/r", run: fake.run, log: (l) => lines.push(l) });
    expect(lines).toEqual(["[1/1] 0.21M ce KD seed 0: not run yet", "[1/1] 0.21M ce KD seed 0: done"]);
    expect(fake.calls[0]!.args).toEqual(["cli.mjs", "train", "--preset", "0.21M", "--loss", "ce", "--seed", "0", "--epochs", "10", "--teacher", "t.safetensors", "--out", "runs/0.21M-ce-kd-seed0"]);
  });
});
