import { describe, expect, it } from "vitest";
import type { RunProcess } from "../shared/run-process.js";
import { childFailureReason, formatChildResult, parseChildOutput, RESULT_MARKER } from "./child-protocol.js";
import { measureInChild } from "./child-runner.js";
import type { Measurement, MeasureOptions } from "./measure.js";

const OPTS: MeasureOptions = { preset: "0.21M", loss: "ce", warmupSteps: 1, steps: 2, evalImages: 10, latencyRuns: 1 };
const RESULT = {
  preset: "0.21M",
  backend: "wasm",
  images_per_s: 80,
  peak_rss_mb: 250,
  eval_images_per_s: 900,
  latency_ms: 3,
} as unknown as Measurement;

describe("measureInChild", () => {
  it("runs the child script with the options as JSON in a fresh node and reads its result line", async () => {
    let seen: { command: string; args: readonly string[] } | undefined;
    const run: RunProcess = async (command, args) => {
      seen = { command, args };
      return { code: 0, signal: null, stdout: `tfjs says hi\n${formatChildResult(RESULT)}\n`, stderr: "" };
    };
    const m = await measureInChild(OPTS, { run, childScript: "/dist/bench-child.js" });
    expect(m).toEqual(RESULT);
    expect(seen!.command).toBe(process.execPath);
    expect(seen!.args[0]).toBe("/dist/bench-child.js");
    expect(JSON.parse(seen!.args[1]!)).toEqual(OPTS);
  });

  it("reports a crash with its signal or exit code and the end of stderr", async () => {
    const killed: RunProcess = async () => ({ code: null, signal: "SIGKILL", stdout: "", stderr: "" });
    await expect(measureInChild(OPTS, { run: killed, childScript: "x" })).rejects.toThrow(
      /measuring 0.21M failed \(killed by SIGKILL \(out of memory\?\)\)/,
    );
    const failed: RunProcess = async () => ({ code: 1, signal: null, stdout: "", stderr: "a\nb\nc\nd\n" });
    await expect(measureInChild(OPTS, { run: failed, childScript: "x" })).rejects.toThrow(/\(exit 1\): b\nc\nd$/);
  });

  it("prefers the child's own one-line reason over its stack, and explains a wasm abort", () => {
    expect(childFailureReason("Error: no backend\n    at x (y.js:1)\nbench-child: no backend\n")).toBe("no backend");
    expect(childFailureReason("Aborted()\n    at BackendWasm.write\nbench-child: RuntimeError: Aborted(). Build with -sASSERTIONS\n")).toBe(
      "RuntimeError: Aborted(). Build with -sASSERTIONS (a WebAssembly abort: most likely the wasm heap, at most 4 GB, ran out of memory)",
    );
    expect(childFailureReason("")).toBe("no output on stderr");
  });

  it("rejects output without a complete result line", () => {
    expect(() => parseChildOutput("nothing\n", "oops")).toThrow(/printed no result line; its stderr ends with:\noops/);
    expect(() => parseChildOutput(`${RESULT_MARKER}{"preset":"0.21M"}`, "")).toThrow(/has no "backend"/);
  });
});
