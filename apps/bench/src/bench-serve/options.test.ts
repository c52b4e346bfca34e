import { describe, expect, it } from "vitest";
import { parseBenchServeArgs } from "./options.js";

const ROOT = "/repo/main";

describe("parseBenchServeArgs", () => {
  it("defaults to both endpoints at concurrency 1, 8 and 64, 400 / 256 requests, 3 rounds", () => {
    const o = parseBenchServeArgs([], ROOT);
    expect(o).toEqual({
      requests: { classify: 400, chat: 256 },
      concurrency: [1, 8, 64],
      endpoints: ["classify", "chat"],
      rounds: 3,
      warmup: undefined,
      images: 1000,
      backend: undefined,
      dataDir: undefined,
      cli: "/repo/main/apps/cli/bin/llmnist.mjs",
      outDir: "/repo/main/results/bench",
      save: true,
      json: false,
      help: false,
    });
  });

  it("lets --requests set both endpoints and --chat-requests chat alone", () => {
    expect(parseBenchServeArgs(["--requests", "40"], ROOT).requests).toEqual({ classify: 40, chat: 40 });
    expect(parseBenchServeArgs(["--requests=40", "--chat-requests", "10"], ROOT).requests).toEqual({ classify: 40, chat: 10 });
    expect(parseBenchServeArgs(["--chat-requests", "10"], ROOT).requests).toEqual({ classify: 400, chat: 10 });
  });

  it("reads lists (repeated, deduplicated, in order) and the other flags", () => {
    const o = parseBenchServeArgs(
      ["--concurrency", "64,1", "--concurrency", "1,4", "--endpoints", "chat", "--rounds", "1", "--warmup", "0", "--backend", "cpu", "--out", "/tmp/x", "--no-save", "--json"],
      ROOT,
    );
    expect(o).toMatchObject({ concurrency: [64, 1, 4], endpoints: ["chat"], rounds: 1, warmup: 0, backend: "cpu", outDir: "/tmp/x", save: false, json: true });
  });

  it("names bad values", () => {
    expect(() => parseBenchServeArgs(["--endpoints", "classify,embed"], ROOT)).toThrow(/unknown endpoint "embed"; expected classify, chat/);
    expect(() => parseBenchServeArgs(["--concurrency", "8,0"], ROOT)).toThrow(/--concurrency must be a positive integer, got "0"/);
    expect(() => parseBenchServeArgs(["--requests", "ten"], ROOT)).toThrow(/--requests must be a positive integer/);
    expect(() => parseBenchServeArgs(["--rounds", "0"], ROOT)).toThrow(/--rounds must be a positive integer/);
    expect(() => parseBenchServeArgs(["--warmup", "-1"], ROOT)).toThrow(/--warmup must be a non-negative integer/);
    expect(() => parseBenchServeArgs(["--max-batch", "1"], ROOT)).toThrow(/unknown flag --max-batch/);
  });
});
