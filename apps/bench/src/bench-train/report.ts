import type { BenchRound, BenchRow } from "./row.js";

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
      referenceCell(r, (c) => rate(c.images_per_s)),
      referenceCell(r, (c) => (c.ratio === undefined ? "–" : `${c.ratio.toFixed(3)}x`)),
      rate(r.eval_images_per_s),
      fixed(r.latency_ms, 1),
      fixed(r.peak_rss_mb, 0),
    ];
    lines.push(`| ${cells.join(" | ")} |`);
  }
  return lines.join("\n") + "\n";
}

const threadsLabel = (n: number): string => `${n} thread${n === 1 ? "" : "s"}`;

/** A reference cell: one value, or one per thread count measured ("601 (1 thread), 205 (2 threads)"). */
function referenceCell(r: BenchRow, show: (c: { images_per_s?: number; ratio?: number }) => string): string {
  if (r.references === undefined) return show({ images_per_s: r.reference_images_per_s, ratio: r.ratio });
  return r.references.map((c) => `${show(c)} (${threadsLabel(c.threads)})`).join(", ");
}

const roundPairs = (rounds: readonly BenchRound[]): string =>
  rounds.map((p) => `${fixed(p.images_per_s, 1)} / ${fixed(p.reference_images_per_s, 1)} = ${p.ratio === undefined ? "-" : `${p.ratio.toFixed(2)}x`}`).join("; ");

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
          (r.reference_impl === undefined
            ? ""
            : r.references === undefined
              ? `; reference ${r.reference_impl}, ${r.reference_threads} thread(s)`
              : `; reference ${r.reference_impl} on ${r.references.map((c) => c.threads).join(" and ")} threads, fastest on ${r.reference_threads}`),
      );
    }
    if (r.references !== undefined) {
      for (const c of r.references) {
        if (c.rounds === undefined) continue;
        notes.push(
          `${r.preset}: ${c.rounds.length} rounds, ours / PyTorch on ${threadsLabel(c.threads)} img/s: ${roundPairs(c.rounds)} (median ratio ${fixed(c.ratio, 2)}x)`,
        );
      }
    } else if (r.rounds !== undefined) {
      notes.push(`${r.preset}: ${r.rounds.length} rounds, ours / PyTorch img/s: ${roundPairs(r.rounds)} (median ratio ${fixed(r.ratio, 2)}x)`);
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
