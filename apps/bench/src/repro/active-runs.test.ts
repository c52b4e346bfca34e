import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { activeTrainingDirs, trainOutDir } from "./active-runs.js";

describe("trainOutDir", () => {
  it("finds --out of llmnist train command lines only", () => {
    expect(trainOutDir(["node", "apps/cli/bin/llmnist.mjs", "train", "--preset", "0.21M", "--out", "results/runs/a"])).toBe("results/runs/a");
    expect(trainOutDir(["/usr/bin/node", "/x/llmnist", "train", "--out=runs/b"])).toBe("runs/b");
    expect(trainOutDir(["node", "apps/cli/bin/llmnist.mjs", "eval", "--out", "x"])).toBeUndefined();
    expect(trainOutDir(["python3", "train.py", "--out", "x"])).toBeUndefined();
    expect(trainOutDir(["node", "apps/cli/bin/llmnist.mjs", "train"])).toBeUndefined();
  });
});

describe("activeTrainingDirs", () => {
  it("resolves each training process's --out against its working folder", () => {
    const proc = mkdtempSync(join(tmpdir(), "llmnist-proc-"));
    const add = (pid: string, args: string[], cwd: string): void => {
      mkdirSync(join(proc, pid));
      writeFileSync(join(proc, pid, "cmdline"), args.join("\0") + "\0");
      symlinkSync(cwd, join(proc, pid, "cwd"));
    };
    add("101", ["node", "apps/cli/bin/llmnist.mjs", "train", "--out", "results/runs/0.21M-ce-seed0"], "/repo");
    add("102", ["node", "other.js"], "/repo");
    mkdirSync(join(proc, "self"));
    expect([...activeTrainingDirs(proc)]).toEqual(["/repo/results/runs/0.21M-ce-seed0"]);
    expect(activeTrainingDirs(join(proc, "missing")).size).toBe(0);
  });
});
