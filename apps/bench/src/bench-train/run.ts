import type { ViTPresetName } from "@llmnist/vit";
import { median } from "../shared/stats.js";
import type { Measurement, MeasureOptions } from "./measure.js";
import type { BenchTrainOptions } from "./options.js";
import type { ReferenceOptions, ReferenceResult } from "./reference.js";
import { trainRatio, type BenchRow, type BenchRound } from "./row.js";
import { DEFAULT_WORKLOADS, type Workload } from "./workload.js";

/** What runBenchTrain needs from the outside world (real processes in main, fakes in tests). */
export interface BenchTrainDeps {
  measure(o: MeasureOptions): Promise<Measurement>;
  /** undefined when no Python with torch was found. */
  reference?: (preset: ViTPresetName, o: ReferenceOptions) => Promise<ReferenceResult>;
  dataDir: string;
  /** Progress lines (stderr). */
  log(line: string): void;
}

/**
 * Measures each preset, ours then PyTorch's (one after the other, never at once: they would
 * share the cores), `rounds` times in turn, and pairs them. A failing preset becomes a row
 * with its error; the others still run.
 */
export async function runBenchTrain(o: BenchTrainOptions, deps: BenchTrainDeps): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const preset of o.presets) {
    const w = { ...DEFAULT_WORKLOADS[preset], ...o.overrides };
    const ours: Measurement[] = [];
    const references: ReferenceResult[][] = [];
    const row: BenchRow = { preset };
    for (let round = 1; round <= o.rounds && row.error === undefined; round++) {
      const of = o.rounds > 1 ? ` (round ${round} of ${o.rounds})` : "";
      deps.log(`${preset}: ours, ${w.warmupSteps} warm-up + ${w.steps} timed steps, ${w.evalImages} eval images${of}`);
      try {
        ours.push(await deps.measure(measureOptions(o, w, preset, deps.dataDir)));
      } catch (e) {
        row.error = (e as Error).message;
        deps.log(`${preset}: ${row.error}`);
      }
      if (deps.reference === undefined || row.reference_error !== undefined) continue;
      deps.log(`${preset}: PyTorch reference, ${w.referenceRepeats} x ${w.referenceSteps} timed steps${of}`);
      try {
        const runs: ReferenceResult[] = [];
        for (let k = 0; k < w.referenceRepeats; k++) runs.push(await deps.reference(preset, referenceOptions(o, w, deps.dataDir)));
        references.push(runs);
      } catch (e) {
        row.reference_error = (e as Error).message;
        deps.log(`${preset}: ${row.reference_error}`);
      }
    }
    rows.push(combineRounds(row, ours, references));
  }
  return rows;
}

function measureOptions(o: BenchTrainOptions, w: Workload, preset: ViTPresetName, dataDir: string): MeasureOptions {
  return {
    preset,
    loss: o.loss,
    backend: o.backend,
    dataDir,
    warmupSteps: w.warmupSteps,
    steps: w.steps,
    evalImages: w.evalImages,
    latencyRuns: w.latencyRuns,
    ...(o.threads === undefined ? {} : { threads: o.threads }),
  };
}

function referenceOptions(o: BenchTrainOptions, w: Workload, dataDir: string): ReferenceOptions {
  return {
    python: o.python,
    script: o.referenceScript,
    dataDir,
    loss: o.loss,
    steps: w.referenceSteps,
    ...(o.referenceThreads === undefined ? {} : { threads: o.referenceThreads }),
  };
}

/**
 * One row from the rounds: our speeds are medians over the rounds (peak RSS the largest), the
 * reference's the median of each round's runs, then of the rounds; the ratio is the median of
 * the rounds' own ratios (each pair measured minutes apart at most).
 */
function combineRounds(row: BenchRow, ours: Measurement[], references: ReferenceResult[][]): BenchRow {
  if (ours.length > 0) {
    const { preset: _preset, ...first } = ours[0]!;
    const med = (pick: (m: Measurement) => number) => median(ours.map(pick));
    Object.assign(row, first, {
      ms_per_step: med((m) => m.ms_per_step),
      ms_per_step_mean: med((m) => m.ms_per_step_mean),
      images_per_s: med((m) => m.images_per_s),
      train_cpu_share: med((m) => m.train_cpu_share),
      load_avg: Math.max(...ours.map((m) => m.load_avg)),
      eval_images_per_s: med((m) => m.eval_images_per_s),
      latency_ms: med((m) => m.latency_ms),
      peak_rss_mb: Math.max(...ours.map((m) => m.peak_rss_mb)),
    });
  }
  if (references.length > 0 && row.reference_error === undefined) {
    const perRound = references.map((runs) => median(runs.map((r) => r.images_per_s)));
    row.reference_impl = references[0]![0]!.impl;
    row.reference_runs = references.flat().map((r) => r.images_per_s);
    row.reference_images_per_s = median(perRound);
    row.reference_threads = references[0]![0]!.threads;
    const rounds: BenchRound[] = perRound.map((reference, i) => {
      const round: BenchRound = { reference_images_per_s: reference };
      const mine = ours[i]?.images_per_s;
      if (mine !== undefined) round.images_per_s = mine;
      const ratio = trainRatio(mine, reference);
      if (ratio !== undefined) round.ratio = ratio;
      return round;
    });
    const ratios = rounds.flatMap((r) => (r.ratio === undefined ? [] : [r.ratio]));
    if (ratios.length > 0) row.ratio = median(ratios);
    if (rounds.length > 1) row.rounds = rounds;
  }
  return row;
}
