import { existsSync } from "node:fs";
import { join } from "node:path";
import { LOSS_NAMES, type LossName } from "@llmnist/cpo-loss";
import { describe, expect, it } from "vitest";
import { runCli } from "../cli.js";
import { UsageError } from "../command.js";
import { capture, tempDir } from "../test-helpers.js";
import { checkLossName, lossOptionsConfig, lossOptionsDifferences } from "./loss-options.js";
import { runConfigDifferences, type RunConfig } from "./run-config.js";
import { runTrain } from "./run-train.js";

const NAMES = "ce, cpo, cpo-all, cpo-ce, cpo-margin";

describe("llmnist train --loss NAME", () => {
  it("the help lists every loss name and the loss option flags", async () => {
    const { code, stdout } = await capture(() => runCli(["train", "--help"]));
    expect(code).toBe(0);
    expect(stdout).toContain("[--loss ce|cpo|cpo-all|cpo-ce|cpo-margin]");
    for (const name of LOSS_NAMES) expect(stdout).toMatch(new RegExp(`^ +${name} +\\S`, "m"));
    for (const flag of ["--cpo-beta B", "--cpo-lambda L", "--cpo-margin M", "--cpo-weight-temperature T"]) expect(stdout).toContain(flag);
  });

  it("an unknown name is a usage error listing the names, before --out is touched", async () => {
    const out = join(tempDir("loss-unknown"), "never");
    const { code, stderr } = await capture(() => runCli(["train", "--loss", "mse", "--out", out]));
    expect(code).toBe(2);
    expect(stderr).toContain(`--loss must be one of ${NAMES}, got "mse"`);
    expect(stderr).toContain("usage: llmnist train");
    expect(existsSync(out)).toBe(false);
    // The library call says the same.
    await expect(runTrain({ preset: "0.21M", loss: "mse" as LossName, outDir: out, log: () => {} })).rejects.toThrow(
      new UsageError(`--loss must be one of ${NAMES}, got "mse"`),
    );
  });

  it("a loss option flag the loss does not read, or a bad value, is a usage error naming the flag", async () => {
    const out = join(tempDir("loss-flags"), "never");
    const attempt = async (...args: string[]) => capture(() => runCli(["train", ...args, "--out", out]));
    const cases: Array<[string[], string]> = [
      [["--cpo-margin", "2"], "--cpo-margin is not used by --loss ce (only by --loss cpo-margin)"],
      [["--loss", "cpo", "--cpo-lambda", "0.5"], "--cpo-lambda is not used by --loss cpo (only by --loss cpo-ce)"],
      [["--loss", "ce", "--cpo-beta", "2"], "--cpo-beta is not used by --loss ce (only by --loss cpo, --loss cpo-all, --loss cpo-ce, --loss cpo-margin)"],
      [["--loss", "cpo-ce", "--cpo-lambda=-1"], "--cpo-lambda must be a finite number >= 0, got -1"],
      [["--loss", "cpo-margin", "--cpo-margin=-0.5"], "--cpo-margin must be a finite number >= 0, got -0.5"],
      [["--loss", "cpo-all", "--cpo-weight-temperature", "0"], "--cpo-weight-temperature must be a finite number > 0, got 0"],
      [["--loss", "cpo-all", "--cpo-beta", "0"], "--cpo-beta must be a finite number > 0, got 0"],
      [["--loss", "cpo-all", "--cpo-beta", "big"], '--cpo-beta must be a number, got "big"'],
    ];
    for (const [args, message] of cases) {
      const { code, stderr } = await attempt(...args);
      expect(code, args.join(" ")).toBe(2);
      expect(stderr).toContain(message);
    }
    expect(existsSync(out)).toBe(false);
  });
});

describe("loss options in the run's config", () => {
  it("are the options the loss reads, defaults filled in; none for ce", () => {
    expect(checkLossName("cpo-all")).toBe("cpo-all");
    expect(() => checkLossName("cpo_all")).toThrow(`--loss must be one of ${NAMES}, got "cpo_all"`);
    expect(lossOptionsConfig("ce")).toBeUndefined();
    expect(lossOptionsConfig("cpo")).toEqual({ beta: 1 });
    expect(lossOptionsConfig("cpo-all")).toEqual({ beta: 1, weightTemperature: 1 });
    expect(lossOptionsConfig("cpo-ce", { lambda: 0.5 })).toEqual({ beta: 1, lambda: 0.5 });
    expect(lossOptionsConfig("cpo-margin", { margin: 2, beta: 3 })).toEqual({ beta: 3, margin: 2 });
  });

  it("a resumed run must use the same ones; a run.json from before they were recorded used the defaults", () => {
    const base: RunConfig = { preset: "0.21M", loss: "cpo", seed: 1, epochs: 10, batch: 32, train_limit: null, test_limit: null };
    expect(runConfigDifferences(base, { ...base, loss_options: { beta: 1 } })).toEqual([]);
    expect(runConfigDifferences(base, { ...base, loss_options: { beta: 2 } })).toEqual(["--cpo-beta is 2 now but was 1"]);
    const margin = { ...base, loss: "cpo-margin", loss_options: { beta: 1, margin: 2 } };
    expect(runConfigDifferences(margin, { ...margin, loss_options: { beta: 1, margin: 3 } })).toEqual(["--cpo-margin is 3 now but was 2"]);
    expect(runConfigDifferences({ ...base, loss: "ce" }, margin)).toEqual(["--loss is cpo-margin now but was ce"]);
    expect(lossOptionsDifferences({ loss: "cpo-ce" }, { loss: "cpo-ce", loss_options: { beta: 1, lambda: 1 } })).toEqual([]);
  });
});
