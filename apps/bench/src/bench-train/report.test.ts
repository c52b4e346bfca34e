import { describe, expect, it } from "vitest";
import { benchJsonl, benchNotes, benchTable } from "./report.js";
import type { BenchRow } from "./row.js";

const measured: BenchRow = {
  preset: "0.21M",
  params: 214090,
  backend: "wasm",
  images_per_s: 80.26,
  ms_per_step: 398.7,
  warmup_steps: 3,
  steps: 20,
  eval_images: 10000,
  eval_images_per_s: 918.7,
  latency_runs: 30,
  latency_ms: 3.43,
  peak_rss_mb: 271.4,
  train_cpu_share: 0.98,
  load_avg: 1.04,
  reference_impl: "pytorch-1.13.0a0",
  reference_images_per_s: 267,
  reference_threads: 1,
  ratio: 80.26 / 267,
};

describe("benchTable", () => {
  it("shows one row per preset with the ratio", () => {
    const table = benchTable([measured, { preset: "53.53M", error: "killed by SIGKILL" }]);
    const lines = table.trim().split("\n");
    expect(lines).toHaveLength(4);
    expect(lines[2]).toBe("| 0.21M | 214,090 | wasm | 80.3 | 267 | 0.301x | 919 | 3.4 | 271 |");
    expect(lines[3]).toBe("| 53.53M | – | failed | – | – | – | – | – | – |");
  });

  it("notes errors and the workload", () => {
    const notes = benchNotes([{ ...measured, backend_detail: "backend: wasm (wasm: ok)" }, { preset: "1.68M", reference_error: "exit 1" }]);
    expect(notes).toEqual([
      "backend: wasm (wasm: ok)",
      "0.21M: 3 warm-up + 20 timed steps (398.7 ms/step), 10000 eval images, 30 latency runs, CPU share 0.98, load 1.04; reference pytorch-1.13.0a0, 1 thread(s)",
      "1.68M: reference failed: exit 1",
    ]);
  });

  it("lists each round's pair when there were several", () => {
    const rounds = [
      { images_per_s: 100, reference_images_per_s: 80, ratio: 1.25 },
      { reference_images_per_s: 90 },
    ];
    const notes = benchNotes([{ preset: "1.68M", ratio: 1.25, rounds }]);
    expect(notes).toEqual(["1.68M: 2 rounds, ours / PyTorch img/s: 100.0 / 80.0 = 1.25x; – / 90.0 = - (median ratio 1.25x)"]);
  });
});

describe("reference thread counts", () => {
  const both: BenchRow = {
    ...measured,
    references: [
      { threads: 1, images_per_s: 601.2, runs: [601.2], ratio: 1.163, rounds: [{ images_per_s: 699, reference_images_per_s: 601.2, ratio: 1.163 }, { reference_images_per_s: 590 }] },
      { threads: 2, images_per_s: 205, runs: [205], ratio: 3.41 },
    ],
  };

  it("shows each thread count's rate and ratio in the table", () => {
    const row = benchTable([both]).trim().split("\n")[2];
    expect(row).toBe("| 0.21M | 214,090 | wasm | 80.3 | 601 (1 thread), 205 (2 threads) | 1.163x (1 thread), 3.410x (2 threads) | 919 | 3.4 | 271 |");
  });

  it("names the thread counts and lists the rounds of each", () => {
    const notes = benchNotes([{ ...both, reference_threads: 1 }]);
    expect(notes[0]).toMatch(/; reference pytorch-1\.13\.0a0 on 1 and 2 threads, fastest on 1$/);
    expect(notes[1]).toBe("0.21M: 2 rounds, ours / PyTorch on 1 thread img/s: 699.0 / 601.2 = 1.16x; – / 590.0 = - (median ratio 1.16x)");
    expect(notes).toHaveLength(2);
  });
});

describe("benchJsonl", () => {
  it("writes one parseable object per line with the required keys", () => {
    const lines = benchJsonl([measured, { preset: "1.68M", error: "x" }], { date: "d" }).trim().split("\n");
    expect(lines).toHaveLength(2);
    const first = JSON.parse(lines[0]!) as Record<string, unknown>;
    for (const key of ["preset", "backend", "images_per_s", "peak_rss_mb", "eval_images_per_s", "latency_ms", "reference_images_per_s", "ratio"]) {
      expect(first).toHaveProperty(key);
    }
    expect(first.date).toBe("d");
    expect(JSON.parse(lines[1]!)).toEqual({ preset: "1.68M", error: "x", date: "d" });
  });
});
