import type { BenchRow } from "./row.js";

const fixed = (v: number | undefined, digits: number): string => (v === undefined ? "–" : v.toFixed(digits));
/** Rates: one decimal below 100 so slow presets still show their differences. */
const rate = (v: number | undefined): string => (v === undefined ? "–" : v >= 100 ? v.toFixed(0) : v.toFixed(1));

/** A Markdown table of a bench:train run, one row per preset. */
export function benchTable(rows: readonly BenchRow[]): string {
  const header = [
    "preset",
    "params",
    "backend",
    "train img/s",
    "PyTorch img/s",
    "ours / PyTorch",
    "eval img/s",
    "latency ms",
    "peak RSS MB",
  ];
  const lines = [`| ${header.join(" | ")} |`, `|${header.map(() => "---").join("|")}|`];
  for (const r of rows) {
    const cells = [
      r.preset,
      r.params === undefined ? "–" : r.params.toLocaleString("en-US"),
      r.backend === undefined ? (r.error !== undefined ? "failed" : "–") : `${r.backend}${r.threads === undefined ? "" : `, ${r.threads} thread${r.threads === 1 ? "" : "s"}`}`,
      rate(r.images_per_s),
      rate(r.reference_images_per_s),
      r.ratio === undefined ? "–" : `${r.ratio.toFixed(3)}x`,
      rate(r.eval_images_per_s),
      fixed(r.latency_ms, 1),
      fixed(r.peak_rss_mb, 0),
    ];
    lines.push(`| ${cells.join(" | ")} |`);
  }
  return lines.join("\n") + "\n";
}

/** Errors and details that do not fit in the table, one bullet each. */
export function benchNotes(rows: readonly BenchRow[]): string[] {
  // The backend line says which kernels were in use: the thing these numbers are about.
  const notes = [...new Set(rows.map((r) => r.backend_detail).filter((d): d is string => d !== undefined))];
  for (const r of rows) {
    if (r.error !== undefined) notes.push(`${r.preset}: ours failed: ${r.error}`);
    if (r.reference_error !== undefined) notes.push(`${r.preset}: reference failed: ${r.reference_error}`);
    if (r.steps !== undefined) {
      notes.push(
        `${r.preset}: ${r.warmup_steps} warm-up + ${r.steps} timed steps (${fixed(r.ms_per_step, 1)} ms/step), ` +
          `${r.eval_images} eval images, ${r.latency_runs} latency runs, ` +
          `CPU share ${fixed(r.train_cpu_share, 2)}, load ${fixed(r.load_avg, 2)}` +
          (r.reference_impl !== undefined ? `; reference ${r.reference_impl}, ${r.reference_threads} thread(s)` : ""),
      );
    }
    if (r.rounds !== undefined) {
      const pairs = r.rounds.map((p) => `${fixed(p.images_per_s, 1)} / ${fixed(p.reference_images_per_s, 1)} = ${p.ratio === undefined ? "-" : `${p.ratio.toFixed(2)}x`}`);
      notes.push(`${r.preset}: ${r.rounds.length} rounds, ours / PyTorch img/s: ${pairs.join("; ")} (median ratio ${fixed(r.ratio, 2)}x)`);
    }
  }
  return notes;
}

/** One JSON object per line, keys of the row as they are. */
export function benchJsonl(rows: readonly BenchRow[], extra: Record<string, unknown> = {}): string {
  return rows.map((r) => JSON.stringify({ ...r, ...extra }, roundNumbers) + "\n").join("");
}

/** Five significant digits: timer noise is far above that, and the lines stay readable. */
function roundNumbers(_key: string, value: unknown): unknown {
  return typeof value === "number" && !Number.isInteger(value) ? Number(value.toPrecision(5)) : value;
}
