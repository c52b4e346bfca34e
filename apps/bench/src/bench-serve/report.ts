import type { MachineInfo } from "../shared/machine.js";
import { median } from "../shared/stats.js";
import type { BenchServeOptions } from "./options.js";
import type { Endpoint, ServeCell, ServerInfo } from "./row.js";
import { SERVER_WARMUP } from "./run.js";

/** The issue's goal for classify at concurrency 64: batching at least this many times one-at-a-time's requests/s. */
export const BATCHING_GOAL = 3;

/** Below this many requests per connection a cell is mostly ramp-up and ramp-down; the notes say so. */
export const MIN_REQUESTS_PER_CONNECTION = 4;

/** Batched requests/s over one-at-a-time's for one endpoint and concurrency: the median of the rounds' ratios. */
export interface BatchingRatio {
  endpoint: Endpoint;
  concurrency: number;
  ratio: number;
  /** Each round's ratio (the two modes of a round are measured back to back). */
  rounds: number[];
}

/** Everything a run saves (the JSON file) and the Markdown is made from. */
export interface ServeReport {
  date: string;
  command: string;
  machine: MachineInfo;
  /** The 1-minute load average when the measurements started (other work on the machine lowers the numbers). */
  load_avg?: number;
  options: Pick<BenchServeOptions, "requests" | "concurrency" | "endpoints" | "rounds" | "warmup" | "images">;
  servers: ServerInfo[];
  cells: ServeCell[];
  ratios: BatchingRatio[];
}

/** The ratio of each endpoint x concurrency measured in both modes. */
export function batchingRatios(cells: readonly ServeCell[]): BatchingRatio[] {
  const out: BatchingRatio[] = [];
  for (const b of cells) {
    if (b.mode !== "batched") continue;
    const u = cells.find((c) => c.mode === "one-at-a-time" && c.endpoint === b.endpoint && c.concurrency === b.concurrency);
    if (u === undefined) continue;
    const rounds: number[] = [];
    for (let i = 0; i < Math.min(b.rounds.length, u.rounds.length); i++) rounds.push(b.rounds[i]!.requests_per_s / u.rounds[i]!.requests_per_s);
    if (rounds.length > 0) out.push({ endpoint: b.endpoint, concurrency: b.concurrency, ratio: median(rounds), rounds });
  }
  return out;
}

/** Three significant digits at most, no exponent: 1234, 123, 12.3, 1.23. */
const num = (v: number): string => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));

/** A Markdown table: one row per endpoint x concurrency x server, the ratio on the batched rows. */
export function serveTable(cells: readonly ServeCell[], ratios: readonly BatchingRatio[] = batchingRatios(cells)): string {
  const header = ["endpoint", "concurrency", "server", "req/s", "p50 ms", "p99 ms", "mean batch", "wrong", "changed", "non-200", "batched / one-at-a-time"];
  const lines = [`| ${header.join(" | ")} |`, `|${header.map(() => "---").join("|")}|`];
  for (const c of cells) {
    const answered = c.requests * c.rounds.length - c.failed;
    const ratio = c.mode === "batched" ? ratios.find((r) => r.endpoint === c.endpoint && r.concurrency === c.concurrency) : undefined;
    const row = [
      c.endpoint,
      String(c.concurrency),
      c.mode,
      num(c.requests_per_s),
      num(c.p50_ms),
      num(c.p99_ms),
      c.mean_batch === undefined ? "–" : c.mean_batch.toFixed(1),
      answered > 0 ? `${c.wrong} (${((100 * c.wrong) / answered).toFixed(1)}%)` : String(c.wrong),
      String(c.changed),
      String(c.failed),
      ratio === undefined ? "" : `${ratio.ratio.toFixed(2)}x`,
    ];
    lines.push(`| ${row.join(" | ")} |`);
  }
  return lines.join("\n") + "\n";
}

/**
 * The headline: classify's ratio at concurrency 64 (else the highest measured) against the
 * goal; undefined when classify was not measured in both modes.
 */
export function headline(ratios: readonly BatchingRatio[]): string | undefined {
  const classify = ratios.filter((r) => r.endpoint === "classify");
  if (classify.length === 0) return undefined;
  const r = classify.find((x) => x.concurrency === 64) ?? classify.reduce((a, b) => (b.concurrency > a.concurrency ? b : a));
  const verdict = r.ratio >= BATCHING_GOAL ? "met" : "not met";
  return `classify at concurrency ${r.concurrency}: batched / one-at-a-time = ${r.ratio.toFixed(2)}x requests/s (goal >= ${BATCHING_GOAL}x at 64: ${r.concurrency === 64 ? verdict : "not measured"})`;
}

/** The servers: flags, backend, memory at the end. */
export function serverTable(servers: readonly ServerInfo[]): string {
  const header = ["server", "flags", "backend", "RSS MB at the end", "peak RSS MB", "start-up s"];
  const lines = [`| ${header.join(" | ")} |`, `|${header.map(() => "---").join("|")}|`];
  for (const s of servers) {
    const flags = ["--port 0", ...s.args].join(" ");
    lines.push(
      `| ${[s.mode, `\`${flags}\``, s.backend ?? "–", s.memory ? s.memory.rss_mb.toFixed(0) : "–", s.memory?.peak_rss_mb === undefined ? "–" : s.memory.peak_rss_mb.toFixed(0), s.startup_s.toFixed(1)].join(" | ")} |`,
    );
  }
  return lines.join("\n") + "\n";
}

/** What does not fit in the tables, one bullet each. */
export function serveNotes(report: Pick<ServeReport, "options" | "servers" | "cells" | "ratios">): string[] {
  const o = report.options;
  const notes: string[] = [];
  const line = headline(report.ratios);
  if (line !== undefined) notes.push(line);
  const requests = o.endpoints.map((e) => `${o.requests[e]} ${e}`).join(" and ");
  notes.push(
    `${requests} timed requests per cell and round, ${o.rounds} round${o.rounds === 1 ? "" : "s"} (the two servers in turn); ` +
      `req/s, p50 and p99 are medians over the rounds, wrong / changed / non-200 are summed over them; ` +
      `warm-up: ${o.warmup === 0 ? "none" : `${SERVER_WARMUP.requests} requests per server and endpoint, then ${o.warmup === undefined ? "one request per connection" : `${o.warmup} requests`} before each cell`}; ` +
      `images: the first ${o.images} MNIST test images as 28x28 gray PNGs, cycled`,
  );
  notes.push("wrong: the answer is not the MNIST label (the model's own errors); changed: not the answer the same image got first in this run (batching must not change answers)");
  for (const e of o.endpoints) {
    const few = o.concurrency.filter((c) => o.requests[e] < MIN_REQUESTS_PER_CONNECTION * c);
    if (few.length > 0) {
      notes.push(
        `${e}: ${o.requests[e]} requests are fewer than ${MIN_REQUESTS_PER_CONNECTION} per connection at concurrency ${few.join(", ")}: ` +
          `filling and draining the connections weigh heavily there (more with --requests)`,
      );
    }
  }
  for (const s of report.servers) for (const l of s.startup) notes.push(`${s.mode} server: ${l}`);
  for (const r of report.ratios) {
    if (r.rounds.length > 1) notes.push(`${r.endpoint} x${r.concurrency}: batched / one-at-a-time per round: ${r.rounds.map((x) => `${x.toFixed(2)}x`).join(", ")}`);
  }
  for (const c of report.cells) for (const f of c.failures) notes.push(`${c.endpoint} x${c.concurrency} ${c.mode}: failed: ${f}`);
  return notes;
}

/** The saved Markdown: command, machine, servers, the table and the notes. */
export function serveMarkdown(report: ServeReport): string {
  const m = report.machine;
  return [
    `# bench:serve, ${report.date}`,
    "",
    "```bash",
    report.command,
    "```",
    "",
    `Machine: ${m.cpu}, ${m.cores} cores, ${m.memory_gb} GB, Node ${m.node}${report.load_avg === undefined ? "" : `; load ${report.load_avg.toFixed(2)} at the start`}.`,
    "",
    serverTable(report.servers),
    serveTable(report.cells, report.ratios),
    ...serveNotes(report).map((n) => `- ${n}`),
    "",
  ].join("\n");
}

/**
 * The JSON file: the report with numbers cut to five significant digits (timer noise is far
 * above that), indented, with lists of numbers (the latencies) kept on one line each.
 */
export function serveJson(report: ServeReport): string {
  const text = JSON.stringify(report, (_key, value: unknown) => (typeof value === "number" && !Number.isInteger(value) ? Number(value.toPrecision(5)) : value), 2);
  return text.replace(/\[\s*(-?[\d.e+-]+(?:,\s*-?[\d.e+-]+)*)\s*\]/g, (_m, list: string) => `[${list.split(/,\s*/).join(", ")}]`) + "\n";
}
