import { describe, expect, it } from "vitest";
import { backendFromLines, parseProcStatus } from "./server-process.js";

describe("backendFromLines", () => {
  it("reads the name of the backend line", () => {
    expect(backendFromLines(["loading", "backend: wasm (tensorflow: not installed; wasm: ok)", "model: x"])).toBe("wasm");
    expect(backendFromLines(["model: x"])).toBeUndefined();
  });
});

describe("parseProcStatus", () => {
  it("reads VmRSS and VmHWM in MB", () => {
    const status = "Name:\tnode\nVmHWM:\t  512000 kB\nVmRSS:\t  409600 kB\nThreads:\t11\n";
    expect(parseProcStatus(status)).toEqual({ rss_mb: 400, peak_rss_mb: 500 });
    expect(parseProcStatus("VmRSS:\t1024 kB\n")).toEqual({ rss_mb: 1 });
    expect(parseProcStatus("Name:\tzombie\n")).toBeUndefined();
  });
});
