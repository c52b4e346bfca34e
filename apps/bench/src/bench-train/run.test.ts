import { describe, expect, it } from "vitest";
import type { Measurement, MeasureOptions } from "./measure.js";
import { parseBenchTrainArgs } from "./options.js";
import type { ReferenceOptions } from "./reference.js";
import { runBenchTrain, type BenchTrainDeps } from "./run.js";

const fakeMeasurement = (o: MeasureOptions, imagesPerS: number): Measurement => ({
  preset: o.preset,
  loss: o.loss,
  params: 1,
  backend: "wasm",
  backend_detail: "backend: wasm",
  batch: 32,
  warmup_steps: o.warmupSteps,
  steps: o.steps,
  ms_per_step: 32000 / imagesPerS,
  ms_per_step_mean: 32000 / imagesPerS,
  images_per_s: imagesPerS,
  train_cpu_share: 1,
  threads: o.threads ?? 1,
  load_avg: 0.5,
  eval_images: o.evalImages,
  eval_images_per_s: 500,
  latency_runs: o.latencyRuns,
  latency_ms: 4,
  peak_rss_mb: 300,
});

function deps(over: Partial<BenchTrainDeps> = {}): BenchTrainDeps & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    dataDir: "/data",
    log: () => {},
    measure: async (o) => {
      calls.push(`ours ${o.preset} steps=${o.steps} eval=${o.evalImages}`);
      return fakeMeasurement(o, 80);
    },
    ...over,
  };
}

describe("runBenchTrain", () => {
  it("measures each preset, ours then the reference, with the median of reference runs and the ratio", async () => {
    const d = deps();
    let n = 0;
    const refRuns = [200, 400, 300];
    d.reference = async (preset: string, o: ReferenceOptions) => {
      d.calls.push(`ref ${preset} steps=${o.steps} data=${o.dataDir}`);
      return { impl: "pytorch-x", images_per_s: refRuns[n++ % 3]!, threads: 1, ms_per_step: 1 };
    };
    const rows = await runBenchTrain(parseBenchTrainArgs(["--preset", "0.21M,1.68M", "--ref-repeats", "3", "--ref-threads", "1"], "/r"), d);
    expect(d.calls).toEqual([
      "ours 0.21M steps=20 eval=10000",
      "ref 0.21M steps=30 data=/data",
      "ref 0.21M steps=30 data=/data",
      "ref 0.21M steps=30 data=/data",
      "ours 1.68M steps=4 eval=2000",
      "ref 1.68M steps=10 data=/data",
      "ref 1.68M steps=10 data=/data",
      "ref 1.68M steps=10 data=/data",
    ]);
    expect(rows[0]).toMatchObject({ preset: "0.21M", images_per_s: 80, reference_runs: [200, 400, 300], reference_images_per_s: 300 });
    expect(rows[0]!.ratio).toBeCloseTo(80 / 300, 12);
  });

  it("applies flag overrides to every preset", async () => {
    const d = deps();
    await runBenchTrain(parseBenchTrainArgs(["--preset", "53.53M", "--steps", "1", "--eval-images", "32"], "/r"), d);
    expect(d.calls).toEqual(["ours 53.53M steps=1 eval=32"]);
  });

  it("keeps going when one preset fails, recording why, and gives no ratio without our number", async () => {
    const d = deps({
      measure: async (o) => {
        if (o.preset === "0.25M") throw new Error("measuring 0.25M failed (killed by SIGKILL (out of memory?))");
        return fakeMeasurement(o, 50);
      },
      reference: async () => ({ impl: "p", images_per_s: 100, threads: 1, ms_per_step: 1 }),
    });
    const rows = await runBenchTrain(parseBenchTrainArgs(["--preset", "0.25M,0.21M", "--ref-repeats", "1", "--ref-threads", "1"], "/r"), d);
    expect(rows[0]).toEqual({
      preset: "0.25M",
      error: "measuring 0.25M failed (killed by SIGKILL (out of memory?))",
      reference_impl: "p",
      reference_runs: [100],
      reference_images_per_s: 100,
      reference_threads: 1,
    });
    expect(rows[1]).toMatchObject({ preset: "0.21M", ratio: 0.5 });
  });

  it("records a failing reference without losing our numbers", async () => {
    const d = deps({
      reference: async () => {
        throw new Error("the PyTorch reference failed for 0.21M (exit 1): boom");
      },
    });
    const [row] = await runBenchTrain(parseBenchTrainArgs(["--preset", "0.21M"], "/r"), d);
    expect(row).toMatchObject({ images_per_s: 80, reference_error: "the PyTorch reference failed for 0.21M (exit 1): boom" });
    expect(row).not.toHaveProperty("ratio");
  });

  it("with --rounds alternates ours and the reference, and takes the median of the rounds' ratios", async () => {
    const ourSpeeds = [100, 50, 90];
    const theirSpeeds = [100, 40, 200]; // the machine slowed down in round 2: both sides did
    let i = 0;
    let j = 0;
    const d = deps({
      measure: async (o) => {
        d.calls.push("ours");
        return { ...fakeMeasurement(o, ourSpeeds[i]!), peak_rss_mb: 300 + i, eval_images_per_s: 1000 * ++i };
      },
      reference: async () => {
        d.calls.push("ref");
        return { impl: "p", images_per_s: theirSpeeds[j++]!, threads: 1, ms_per_step: 1 };
      },
    });
    const [row] = await runBenchTrain(parseBenchTrainArgs(["--preset", "0.21M", "--ref-repeats", "1", "--rounds", "3", "--ref-threads", "1"], "/r"), d);
    expect(d.calls).toEqual(["ours", "ref", "ours", "ref", "ours", "ref"]);
    expect(row!.rounds).toEqual([
      { images_per_s: 100, reference_images_per_s: 100, ratio: 1 },
      { images_per_s: 50, reference_images_per_s: 40, ratio: 1.25 },
      { images_per_s: 90, reference_images_per_s: 200, ratio: 0.45 },
    ]);
    // Medians: ours 90, theirs 100, ratio 1 (not 90 / 100 by chance: the pairs' own median).
    expect(row).toMatchObject({ images_per_s: 90, reference_images_per_s: 100, ratio: 1, eval_images_per_s: 2000, peak_rss_mb: 302 });
  });

  it("measures the reference at each thread count, and takes the fastest as the row's reference", async () => {
    const ourSpeeds = [100, 60];
    const theirs: Record<number, number[]> = { 1: [50, 40], 2: [25, 30] };
    let i = 0;
    const d = deps({
      measure: async (o) => {
        d.calls.push("ours");
        return fakeMeasurement(o, ourSpeeds[i++]!);
      },
      reference: async (_preset, o) => {
        d.calls.push(`ref threads=${o.threads}`);
        return { impl: "p", images_per_s: theirs[o.threads!]!.shift()!, threads: o.threads!, ms_per_step: 1 };
      },
    });
    const [row] = await runBenchTrain(parseBenchTrainArgs(["--preset", "0.21M", "--ref-repeats", "1", "--rounds", "2"], "/r"), d);
    expect(d.calls).toEqual(["ours", "ref threads=1", "ref threads=2", "ours", "ref threads=1", "ref threads=2"]);
    expect(row!.references).toEqual([
      { threads: 1, images_per_s: 45, runs: [50, 40], ratio: 1.75, rounds: [
        { images_per_s: 100, reference_images_per_s: 50, ratio: 2 },
        { images_per_s: 60, reference_images_per_s: 40, ratio: 1.5 },
      ] },
      { threads: 2, images_per_s: 27.5, runs: [25, 30], ratio: 3, rounds: [
        { images_per_s: 100, reference_images_per_s: 25, ratio: 4 },
        { images_per_s: 60, reference_images_per_s: 30, ratio: 2 },
      ] },
    ]);
    expect(row).toMatchObject({ reference_threads: 1, reference_images_per_s: 45, reference_runs: [50, 40], ratio: 1.75 });
  });

  it("rejects --rounds 0", () => {
    expect(() => parseBenchTrainArgs(["--rounds", "0"], "/r")).toThrow(/--rounds must be a positive integer, got "0"/);
  });
});
