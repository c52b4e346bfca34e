import type { ViTPresetName } from "@llmnist/vit";
import { median } from "../shared/stats.js";
import type { Measurement, MeasureOptions } from "./measure.js";
import type { BenchTrainOptions } from "./options.js";
import type { ReferenceOptions, ReferenceResult } from "./reference.js";
import { trainRatio, type BenchRow, type BenchRound, type ReferenceAtThreads } from "./row.js";
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
 * Measures each preset, ours then PyTorch's at each thread count asked (one after the other,
 * never at once: they would share the cores), `rounds` times in turn, and pairs them. A failing
 * preset becomes a row with its error; the others still run.
 */
export async function runBenchTrain(o: BenchTrainOptions, deps: BenchTrainDeps): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const preset of o.presets) {
    const w = { ...DEFAULT_WORKLOADS[preset], ...o.overrides };
    const ours: Measurement[] = [];
    // [thread count][round][repeat]
    const references: ReferenceResult[][][] = o.referenceThreads.map(() => []);
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
      try {
        for (const [c, threads] of o.referenceThreads.entries()) {
          deps.log(`${preset}: PyTorch reference on ${threads} thread(s), ${w.referenceRepeats} x ${w.referenceSteps} timed steps${of}`);
          const runs: ReferenceResult[] = [];
          for (let k = 0; k < w.referenceRepeats; k++) runs.push(await deps.reference(preset, referenceOptions(o, w, deps.dataDir, threads)));
          references[c]!.push(runs);
        }
      } catch (e) {
        row.reference_error = (e as Error).message;
        deps.log(`${preset}: ${row.reference_error}`);
      }
    }
    rows.push(combineRounds(row, ours, o.referenceThreads, references));
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

function referenceOptions(o: BenchTrainOptions, w: Workload, dataDir: string, threads: number): ReferenceOptions {
  return { python: o.python, script: o.referenceScript, dataDir, loss: o.loss, steps: w.referenceSteps, threads };
}

/**
 * One row from the rounds: our speeds are medians over the rounds (peak RSS the largest), the
 * reference's the median of each round's runs, then of the rounds; a ratio is the median of
 * the rounds' own ratios (each pair measured minutes apart at most). The row's reference is
 * the fastest thread count.
 */
function combineRounds(row: BenchRow, ours: Measurement[], threadCounts: number[], references: ReferenceResult[][][]): BenchRow {
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
  if (row.reference_error !== undefined || references.some((r) => r.length === 0)) return row;
  const configs = threadCounts.map((threads, c) => pairWithOurs(threads, ours, references[c]!));
  const fastest = configs.reduce((best, c) => (c.images_per_s > best.images_per_s ? c : best));
  row.reference_impl = references[0]![0]![0]!.impl;
  row.reference_runs = fastest.runs;
  row.reference_images_per_s = fastest.images_per_s;
  row.reference_threads = fastest.threads;
  if (fastest.ratio !== undefined) row.ratio = fastest.ratio;
  if (fastest.rounds !== undefined) row.rounds = fastest.rounds;
  if (configs.length > 1) row.references = configs;
  return row;
}

/** One thread count's reference runs ([round][repeat]) paired with our rounds. */
function pairWithOurs(threads: number, ours: Measurement[], byRound: ReferenceResult[][]): ReferenceAtThreads {
  const perRound = byRound.map((runs) => median(runs.map((r) => r.images_per_s)));
  const rounds: BenchRound[] = perRound.map((reference, i) => {
    const round: BenchRound = { reference_images_per_s: reference };
    const mine = ours[i]?.images_per_s;
    if (mine !== undefined) round.images_per_s = mine;
    const ratio = trainRatio(mine, reference);
    if (ratio !== undefined) round.ratio = ratio;
    return round;
  });
  const config: ReferenceAtThreads = { threads, images_per_s: median(perRound), runs: byRound.flat().map((r) => r.images_per_s) };
  const ratios = rounds.flatMap((r) => (r.ratio === undefined ? [] : [r.ratio]));
  if (ratios.length > 0) config.ratio = median(ratios);
  if (rounds.length > 1) config.rounds = rounds;
  return config;
}
