import { describe, expect, it } from "vitest";
import { batchingRatios, headline, serveJson, serveMarkdown, serveNotes, serverTable, serveTable, type ServeReport } from "./report.js";
import type { Mode, ServeCell, ServeRound } from "./row.js";

const round = (rps: number, extra: Partial<ServeRound> = {}): ServeRound => ({
  requests: 40, seconds: 40 / rps, requests_per_s: rps, p50_ms: 2.345, p99_ms: 11.72, mean_ms: 3, max_ms: 12, wrong: 0, changed: 0, failed: 0, latencies_ms: [1.23456789, 2], ...extra,
});

const cell = (mode: Mode, concurrency: number, rps: number[], extra: Partial<ServeCell> = {}): ServeCell => ({
  endpoint: "classify", concurrency, mode, requests: 40, requests_per_s: rps[0]!, p50_ms: 2.345, p99_ms: 11.72, wrong: 0, changed: 0, failed: 0, failures: [],
  rounds: rps.map((r) => round(r)), ...extra,
});

const cells: ServeCell[] = [
  cell("batched", 64, [900, 1000, 800], { requests_per_s: 900, mean_batch: 31.52, wrong: 2, p50_ms: 61.2, p99_ms: 140.4 }),
  cell("one-at-a-time", 64, [300, 250, 200], { requests_per_s: 250, mean_batch: 1, failed: 1, failures: ["HTTP 504: timeout"] }),
  cell("batched", 1, [400]),
];

describe("batchingRatios", () => {
  it("pairs the rounds of the two modes and takes the median ratio", () => {
    expect(batchingRatios(cells)).toEqual([{ endpoint: "classify", concurrency: 64, ratio: 4, rounds: [3, 4, 4] }]);
  });
});

describe("serveTable", () => {
  it("shows one row per cell and the ratio on the batched row", () => {
    const lines = serveTable(cells).trim().split("\n");
    expect(lines[0]).toBe("| endpoint | concurrency | server | req/s | p50 ms | p99 ms | mean batch | wrong | changed | non-200 | batched / one-at-a-time |");
    expect(lines[2]).toBe("| classify | 64 | batched | 900 | 61.2 | 140 | 31.5 | 2 (1.7%) | 0 | 0 | 4.00x |");
    expect(lines[3]).toBe("| classify | 64 | one-at-a-time | 250 | 2.35 | 11.7 | 1.0 | 0 (0.0%) | 0 | 1 |  |");
    expect(lines[4]).toBe("| classify | 1 | batched | 400 | 2.35 | 11.7 | – | 0 (0.0%) | 0 | 0 |  |");
  });
});

describe("headline", () => {
  it("compares classify at 64 with the goal, else names the highest concurrency measured", () => {
    expect(headline(batchingRatios(cells))).toBe("classify at concurrency 64: batched / one-at-a-time = 4.00x requests/s (goal >= 3x at 64: met)");
    expect(headline([{ endpoint: "classify", concurrency: 64, ratio: 2.5, rounds: [2.5] }])).toMatch(/2\.50x .*: not met\)$/);
    expect(headline([{ endpoint: "classify", concurrency: 8, ratio: 2, rounds: [2] }, { endpoint: "classify", concurrency: 16, ratio: 3, rounds: [3] }])).toMatch(
      /^classify at concurrency 16: .* \(goal >= 3x at 64: not measured\)$/,
    );
    expect(headline([{ endpoint: "chat", concurrency: 64, ratio: 2, rounds: [2] }])).toBeUndefined();
  });
});

const report: ServeReport = {
  date: "2026-12-03T14:10:00.000Z",
  command: "pnpm bench:serve --requests 40",
  machine: { cpu: "AMD EPYC", cores: 2, memory_gb: 8, node: "v20.20.2" },
  load_avg: 1.234,
  options: { requests: { classify: 40, chat: 40 }, concurrency: [1, 64], endpoints: ["classify"], rounds: 3, warmup: undefined, images: 1000 },
  servers: [
    { mode: "batched", args: [], backend: "wasm", startup: ["backend: wasm (wasm: ok)", "model: ViT 0.21M"], memory: { rss_mb: 412.4, peak_rss_mb: 450.6 }, startup_s: 2.04 },
    { mode: "one-at-a-time", args: ["--max-batch", "1"], startup: [], startup_s: 1.5 },
  ],
  cells,
  ratios: batchingRatios(cells),
};

describe("serverTable and serveNotes", () => {
  it("lists each server's flags, backend and memory", () => {
    const lines = serverTable(report.servers).trim().split("\n");
    expect(lines[2]).toBe("| batched | `--port 0` | wasm | 412 | 451 | 2.0 |");
    expect(lines[3]).toBe("| one-at-a-time | `--port 0 --max-batch 1` | – | – | – | 1.5 |");
  });

  it("starts with the headline and lists start-up lines, rounds and failures", () => {
    const notes = serveNotes(report);
    expect(notes[0]).toMatch(/^classify at concurrency 64: .* met\)$/);
    expect(notes[1]).toMatch(/^40 classify timed requests per cell and round, 3 rounds .* warm-up: 16 requests per server and endpoint, then one request per connection before each cell; images: the first 1000/);
    expect(notes).toContain("classify: 40 requests are fewer than 4 per connection at concurrency 64: filling and draining the connections weigh heavily there (more with --requests)");
    expect(notes).toContain("batched server: backend: wasm (wasm: ok)");
    expect(notes).toContain("classify x64: batched / one-at-a-time per round: 3.00x, 4.00x, 4.00x");
    expect(notes.at(-1)).toBe("classify x64 one-at-a-time: failed: HTTP 504: timeout");
    expect(serveNotes({ ...report, options: { ...report.options, warmup: 0 } })[1]).toMatch(/; warm-up: none; /);
  });
});

describe("serveMarkdown and serveJson", () => {
  it("writes the command, the machine and both tables", () => {
    const md = serveMarkdown(report);
    expect(md).toMatch(/^# bench:serve, 2026-12-03T14:10:00.000Z\n\n```bash\npnpm bench:serve --requests 40\n```\n\nMachine: AMD EPYC, 2 cores, 8 GB, Node v20\.20\.2; load 1\.23 at the start\.\n/);
    expect(md).toContain("| server | flags | backend |");
    expect(md).toContain("| classify | 64 | batched | 900 |");
    expect(md).toContain("\n- classify at concurrency 64");
  });

  it("round-trips with numbers to five digits and number lists on one line", () => {
    const text = serveJson(report);
    expect(text).toContain('"latencies_ms": [1.2346, 2]');
    const back = JSON.parse(text) as ServeReport;
    expect(back.cells[0]!.rounds[0]!.latencies_ms).toEqual([1.2346, 2]);
    expect(back.ratios[0]!.rounds).toEqual([3, 4, 4]);
    expect(back.options.concurrency).toEqual([1, 64]);
    expect(back.servers[0]!.memory).toEqual({ rss_mb: 412.4, peak_rss_mb: 450.6 });
  });
});
