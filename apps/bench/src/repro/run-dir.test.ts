import { describe, expect, it } from "vitest";
import { parseRunDirName, runDirName } from "./run-dir.js";

describe("run folder names", () => {
  it("read plain names back as before", () => {
    expect(parseRunDirName("0.21M-cpo-seed6737151")).toEqual({ preset: "0.21M", loss: "cpo", seed: 6737151, kd: false, augmented: false });
    expect(parseRunDirName("53.53M-ce-seed0")).toEqual({ preset: "53.53M", loss: "ce", seed: 0, kd: false, augmented: false });
    expect(parseRunDirName("my-big-ce-seed2")).toEqual({ preset: "my-big", loss: "ce", seed: 2, kd: false, augmented: false });
    expect(parseRunDirName("tables.md")).toBeUndefined();
    expect(parseRunDirName("0.21M-ce")).toBeUndefined();
  });

  it("read a distilled run's -kd- name as its preset and loss, not as loss kd", () => {
    expect(parseRunDirName("0.21M-ce-kd-seed1")).toEqual({ preset: "0.21M", loss: "ce", seed: 1, kd: true, augmented: false });
    expect(parseRunDirName("0.25M-cpo-kd-seed6737151")).toEqual({ preset: "0.25M", loss: "cpo", seed: 6737151, kd: true, augmented: false });
  });

  it("keep a hyphenated loss name whole (cpo-all, not preset 0.21M-cpo with loss all)", () => {
    expect(parseRunDirName("0.21M-cpo-all-seed1")).toEqual({ preset: "0.21M", loss: "cpo-all", seed: 1, kd: false, augmented: false });
    expect(parseRunDirName("0.25M-cpo-ce-kd-seed2")).toEqual({ preset: "0.25M", loss: "cpo-ce", seed: 2, kd: true, augmented: false });
    expect(parseRunDirName("53.53M-cpo-margin-seed6737151")).toEqual({ preset: "53.53M", loss: "cpo-margin", seed: 6737151, kd: false, augmented: false });
    expect(parseRunDirName("my-big-cpo-seed2")).toEqual({ preset: "my-big", loss: "cpo", seed: 2, kd: false, augmented: false });
    for (const loss of ["cpo-all", "cpo-ce", "cpo-margin"]) {
      expect(parseRunDirName(runDirName("1.68M", loss, 3))).toEqual({ preset: "1.68M", loss, seed: 3, kd: false, augmented: false });
      expect(parseRunDirName(runDirName("1.68M", loss, 3, true))).toEqual({ preset: "1.68M", loss, seed: 3, kd: true, augmented: false });
    }
  });

  it("read a mixture-of-experts preset (0.21M-moe4) whole", () => {
    expect(parseRunDirName("0.21M-moe4-ce-seed1")).toEqual({ preset: "0.21M-moe4", loss: "ce", seed: 1, kd: false, augmented: false });
    expect(parseRunDirName("0.21M-moe4-cpo-all-kd-seed2")).toEqual({ preset: "0.21M-moe4", loss: "cpo-all", seed: 2, kd: true, augmented: false });
    expect(parseRunDirName(runDirName("0.21M-moe4", "cpo", 6737151))).toEqual({ preset: "0.21M-moe4", loss: "cpo", seed: 6737151, kd: false, augmented: false });
  });

  it("read an augmented run's -aug- name, after -kd-, with any loss", () => {
    expect(runDirName("0.21M", "ce", 1, false, true)).toBe("0.21M-ce-aug-seed1");
    expect(runDirName("0.21M", "cpo-ce", 2, true, true)).toBe("0.21M-cpo-ce-kd-aug-seed2");
    expect(parseRunDirName("0.21M-ce-aug-seed1")).toEqual({ preset: "0.21M", loss: "ce", seed: 1, kd: false, augmented: true });
    expect(parseRunDirName("0.21M-cpo-ce-kd-aug-seed2")).toEqual({ preset: "0.21M", loss: "cpo-ce", seed: 2, kd: true, augmented: true });
    expect(parseRunDirName("0.21M-moe4-cpo-margin-aug-seed6737151")).toEqual({ preset: "0.21M-moe4", loss: "cpo-margin", seed: 6737151, kd: false, augmented: true });
    for (const loss of ["ce", "cpo", "cpo-all", "cpo-ce", "cpo-margin"]) {
      for (const kd of [false, true]) {
        for (const augmented of [false, true]) {
          expect(parseRunDirName(runDirName("53.53M", loss, 7, kd, augmented))).toEqual({ preset: "53.53M", loss, seed: 7, kd, augmented });
        }
      }
    }
  });

    it("round-trip through runDirName", () => {
    expect(runDirName("0.21M", "ce", 1)).toBe("0.21M-ce-seed1");
    expect(runDirName("0.21M", "ce", 1, true)).toBe("0.21M-ce-kd-seed1");
    expect(parseRunDirName(runDirName("1.68M", "cpo", 7, true))).toEqual({ preset: "1.68M", loss: "cpo", seed: 7, kd: true, augmented: false });
  });
});
