import { describe, expect, it } from "vitest";
import type { RunProcess } from "../shared/run-process.js";
import { parseReferenceOutput, probeTorch, referenceArgs, runReference } from "./reference.js";

const OPTS = { python: "/usr/bin/python3", script: "/s/vit_reference.py", dataDir: "/d", loss: "ce" as const, steps: 30 };

const fakeRun =
  (code: number, stdout: string, stderr = ""): RunProcess =>
  async () => ({ code, signal: null, stdout, stderr });

describe("the PyTorch reference", () => {
  it("is called with the row, data folder, loss, steps and optional threads", () => {
    expect(referenceArgs("1.68M", OPTS)).toEqual(["/s/vit_reference.py", "bench", "--row", "1.68M", "--data", "/d", "--loss", "ce", "--steps", "30"]);
    expect(referenceArgs("0.21M", { ...OPTS, threads: 2 }).slice(-2)).toEqual(["--threads", "2"]);
  });

  it("reads its JSON line", async () => {
    const line = '{"impl": "pytorch-1.13.0a0", "row": "0.21M", "params": 214090, "threads": 1, "batch": 32, "ms_per_step": 50.95, "images_per_s": 628.1}';
    expect(parseReferenceOutput(`warning\n${line}\n`)).toEqual({ impl: "pytorch-1.13.0a0", images_per_s: 628.1, threads: 1, ms_per_step: 50.95 });
    expect(await runReference("0.21M", OPTS, fakeRun(0, line))).toMatchObject({ images_per_s: 628.1 });
  });

  it("explains bad output and failures", async () => {
    expect(() => parseReferenceOutput("Traceback\n")).toThrow(/printed no JSON line/);
    expect(() => parseReferenceOutput('{"threads": 1}')).toThrow(/no numeric "images_per_s"/);
    await expect(runReference("0.21M", OPTS, fakeRun(1, "", "Traceback\nModuleNotFoundError: torch"))).rejects.toThrow(
      /the PyTorch reference failed for 0.21M \(exit 1\): Traceback\nModuleNotFoundError: torch/,
    );
  });

  it("probes whether torch imports", async () => {
    expect(await probeTorch("py", fakeRun(0, "1.13.0\n"))).toEqual({ ok: true, detail: "torch 1.13.0" });
    expect(await probeTorch("py", fakeRun(1, "", "ModuleNotFoundError: No module named 'torch'"))).toEqual({
      ok: false,
      detail: "py cannot import torch: ModuleNotFoundError: No module named 'torch'",
    });
    const missing: RunProcess = async () => {
      throw new Error("cannot start /nope: spawn /nope ENOENT");
    };
    expect(await probeTorch("/nope", missing)).toEqual({ ok: false, detail: "cannot start /nope: spawn /nope ENOENT" });
  });
});
