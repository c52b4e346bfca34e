import { describe, expect, it } from "vitest";
import { parseRunDirName, runDirName } from "./run-dir.js";

describe("run folder names", () => {
  it("read plain names back as before", () => {
    expect(parseRunDirName("0.21M-cpo-seed6737151")).toEqual({ preset: "0.21M", loss: "cpo", seed: 6737151, kd: false });
    expect(parseRunDirName("53.53M-ce-seed0")).toEqual({ preset: "53.53M", loss: "ce", seed: 0, kd: false });
    expect(parseRunDirName("my-big-ce-seed2")).toEqual({ preset: "my-big", loss: "ce", seed: 2, kd: false });
    expect(parseRunDirName("tables.md")).toBeUndefined();
    expect(parseRunDirName("0.21M-ce")).toBeUndefined();
  });

  it("read a distilled run's -kd- name as its preset and loss, not as loss kd", () => {
    expect(parseRunDirName("0.21M-ce-kd-seed1")).toEqual({ preset: "0.21M", loss: "ce", seed: 1, kd: true });
    expect(parseRunDirName("0.25M-cpo-kd-seed6737151")).toEqual({ preset: "0.25M", loss: "cpo", seed: 6737151, kd: true });
  });

  it("keep a hyphenated loss name whole (cpo-all, not preset 0.21M-cpo with loss all)", () => {
    expect(parseRunDirName("0.21M-cpo-all-seed1")).toEqual({ preset: "0.21M", loss: "cpo-all", seed: 1, kd: false });
    expect(parseRunDirName("0.25M-cpo-ce-kd-seed2")).toEqual({ preset: "0.25M", loss: "cpo-ce", seed: 2, kd: true });
    expect(parseRunDirName("53.53M-cpo-margin-seed6737151")).toEqual({ preset: "53.53M", loss: "cpo-margin", seed: 6737151, kd: false });
    expect(parseRunDirName("my-big-cpo-seed2")).toEqual({ preset: "my-big", loss: "cpo", seed: 2, kd: false });
    for (const loss of ["cpo-all", "cpo-ce", "cpo-margin"]) {
      expect(parseRunDirName(runDirName("1.68M", loss, 3))).toEqual({ preset: "1.68M", loss, seed: 3, kd: false });
      expect(parseRunDirName(runDirName("1.68M", loss, 3, true))).toEqual({ preset: "1.68M", loss, seed: 3, kd: true });
    }
  });

  it("read a mixture-of-experts preset (0.21M-moe4) whole", () => {
    expect(parseRunDirName("0.21M-moe4-ce-seed1")).toEqual({ preset: "0.21M-moe4", loss: "ce", seed: 1, kd: false });
    expect(parseRunDirName("0.21M-moe4-cpo-all-kd-seed2")).toEqual({ preset: "0.21M-moe4", loss: "cpo-all", seed: 2, kd: true });
    expect(parseRunDirName(runDirName("0.21M-moe4", "cpo", 6737151))).toEqual({ preset: "0.21M-moe4", loss: "cpo", seed: 6737151, kd: false });
  });

    it("round-trip through runDirName", () => {
    expect(runDirName("0.21M", "ce", 1)).toBe("0.21M-ce-seed1");
    expect(runDirName("0.21M", "ce", 1, true)).toBe("0.21M-ce-kd-seed1");
    expect(parseRunDirName(runDirName("1.68M", "cpo", 7, true))).toEqual({ preset: "1.68M", loss: "cpo", seed: 7, kd: true });
  });
});
