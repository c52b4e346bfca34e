import type { ViTPresetName } from "@llmnist/vit";
import { median } from "../shared/stats.js";
import type { Measurement, MeasureOptions } from "./measure.js";
import type { BenchTrainOptions } from "./options.js";
import type { ReferenceOptions, ReferenceResult } from "./reference.js";
import { trainRatio, type BenchRow } from "./row.js";
import { DEFAULT_WORKLOADS } from "./workload.js";

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
 * share the cores), and pairs them. A failing preset becomes a row with its error; the
 * others still run.
 */
export async function runBenchTrain(o: BenchTrainOptions, deps: BenchTrainDeps): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const preset of o.presets) {
    const w = { ...DEFAULT_WORKLOADS[preset], ...o.overrides };
    const row: BenchRow = { preset };
    deps.log(`${preset}: ours, ${w.warmupSteps} warm-up + ${w.steps} timed steps, ${w.evalImages} eval images`);
    try {
      Object.assign(
        row,
        await deps.measure({
          preset,
          loss: o.loss,
          backend: o.backend,
          dataDir: deps.dataDir,
          warmupSteps: w.warmupSteps,
          steps: w.steps,
          evalImages: w.evalImages,
          latencyRuns: w.latencyRuns,
          ...(o.threads === undefined ? {} : { threads: o.threads }),
        }),
      );
    } catch (e) {
      row.error = (e as Error).message;
      deps.log(`${preset}: ${row.error}`);
    }
    if (deps.reference !== undefined) {
      deps.log(`${preset}: PyTorch reference, ${w.referenceRepeats} x ${w.referenceSteps} timed steps`);
      try {
        const runs: ReferenceResult[] = [];
        for (let k = 0; k < w.referenceRepeats; k++) {
          runs.push(
            await deps.reference(preset, {
              python: o.python,
              script: o.referenceScript,
              dataDir: deps.dataDir,
              loss: o.loss,
              steps: w.referenceSteps,
              ...(o.referenceThreads === undefined ? {} : { threads: o.referenceThreads }),
            }),
          );
        }
        row.reference_impl = runs[0]!.impl;
        row.reference_runs = runs.map((r) => r.images_per_s);
        row.reference_images_per_s = median(row.reference_runs);
        row.reference_threads = runs[0]!.threads;
        const ratio = trainRatio(row.images_per_s, row.reference_images_per_s);
        if (ratio !== undefined) row.ratio = ratio;
      } catch (e) {
        row.reference_error = (e as Error).message;
        deps.log(`${preset}: ${row.reference_error}`);
      }
    }
    rows.push(row);
  }
  return rows;
}
