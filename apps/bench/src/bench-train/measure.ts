import * as tf from "@tensorflow/tfjs-core";
import { loadavg } from "node:os";
import { lossByName, lossFactory } from "@llmnist/cpo-loss";
import { takeSubset, type MnistSplit } from "@llmnist/mnist-data";
import { loadMnistSplit } from "@llmnist/mnist-data/node";
import { describeBackend, selectBackend, type BackendName } from "@llmnist/train/node";
import { resolveThreads } from "@llmnist/train/internal";
import { createVisionTransformer, vitFactory, type ViTPresetName } from "@llmnist/vit";
import { median } from "../shared/stats.js";
import { startPeakRssSampler } from "./peak-rss.js";
import { randomSplit } from "./random-split.js";
import { createTrainStepper } from "./train-step.js";
import { BENCH_BATCH_SIZE, type Workload } from "./workload.js";

export interface MeasureOptions extends Omit<Workload, "referenceSteps" | "referenceRepeats"> {
  preset: ViTPresetName;
  loss: "ce" | "cpo";
  /** Default "auto" (LLMNIST_BACKEND still overrides, as everywhere). */
  backend?: BackendName | "auto";
  /** Folder with the MNIST IDX files; default defaultMnistDir(). */
  dataDir?: string;
  /** Test split already in memory (tests); when given, dataDir is not read. */
  testSplit?: MnistSplit;
  seed?: number;
  /** 1, or 2 for data-parallel training and evaluation on wasm/cpu; default as trainClassifier's. */
  threads?: number;
}

/** One preset's numbers; snake_case because this is what the JSON lines carry. */
export interface Measurement {
  preset: ViTPresetName;
  loss: "ce" | "cpo";
  params: number;
  backend: string;
  backend_detail: string;
  batch: number;
  warmup_steps: number;
  steps: number;
  /** Median over the timed steps: other processes on a shared machine slow single steps, not the median. */
  ms_per_step: number;
  ms_per_step_mean: number;
  /** batch / median step time. */
  images_per_s: number;
  /**
   * CPU time / wall time of this process over the timed steps: about 1 per busy thread when
   * it had the cores to itself; less means other processes took turns (the numbers are low).
   */
  train_cpu_share: number;
  /** Threads training used: 2 = data-parallel (wasm/cpu backends only). */
  threads: number;
  /** 1-minute load average when training started: other work on the machine. */
  load_avg: number;
  eval_images: number;
  eval_images_per_s: number;
  latency_runs: number;
  /** Median single-image forward time. */
  latency_ms: number;
  peak_rss_mb: number;
}

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));


/** Measures one preset in this process: training steps, test-set evaluation, single-image latency. */
export async function measurePreset(o: MeasureOptions): Promise<Measurement> {
  const rss = startPeakRssSampler();
  const seed = o.seed ?? 0;
  const choice = await selectBackend({ prefer: o.backend ?? "auto" });
  const model = createVisionTransformer(o.preset, { seed });
  const params = model.namedParameters().reduce((n, [, v]) => n + v.size, 0);
  const batch = BENCH_BATCH_SIZE;
  // A few batches' worth, cycled: every step gathers a fresh batch like trainClassifier does.
  const data = randomSplit(batch * 4, seed);
  const threads = choice.name === "wasm" || choice.name === "cpu" ? Math.min(2, resolveThreads(o.threads)) : 1;
  const test = o.testSplit ?? (await loadMnistSplit("test", o.dataDir === undefined ? {} : { dir: o.dataDir }));
  if (o.evalImages > test.count) {
    throw new Error(`bench: --eval-images ${o.evalImages} exceeds the ${test.count} images of the test split`);
  }
  const evalSplit = takeSubset(test, o.evalImages);
  const stepper = await createTrainStepper(model, lossByName(o.loss), data, evalSplit, {
    threads,
    replica: { model: vitFactory(o.preset), loss: lossFactory(o.loss) },
    backend: choice.name,
    batchSize: batch,
  });
  const indicesOf = (step: number): Uint32Array =>
    new Uint32Array(batch).map((_, k) => ((step % 4) * batch + k) % data.count);
  try {
    for (let s = 0; s < o.warmupSteps; s++) {
      await stepper.step(indicesOf(s), 1e-3);
      await yieldToEventLoop();
    }
    const stepMs: number[] = [];
    const loadAvg = loadavg()[0] ?? 0;
    const cpuBefore = process.cpuUsage();
    const wallBefore = performance.now();
    for (let s = 0; s < o.steps; s++) {
      const t = performance.now();
      await stepper.step(indicesOf(o.warmupSteps + s), 1e-3);
      stepMs.push(performance.now() - t);
      await yieldToEventLoop(); // outside the timing: lets the RSS sampler run
    }
    const msPerStep = median(stepMs);
    const cpu = process.cpuUsage(cpuBefore);
    const cpuShare = (cpu.user + cpu.system) / 1000 / (performance.now() - wallBefore);

    // As training evaluates: across both threads when data-parallel. A first pass warms up
    // (compiles the evaluation shapes); then the timed pass.
    await stepper.evaluate();
    const evalStart = performance.now();
    await stepper.evaluate();
    const evalMs = performance.now() - evalStart;

    const one = takeSubset(test, 1);
    const single = tf.tensor4d(one.images, [1, 28, 28, 1]);
    const latencies: number[] = [];
    try {
      for (let r = -2; r < o.latencyRuns; r++) {
        const t = performance.now();
        tf.tidy(() => model.forward(single, false).dataSync());
        if (r >= 0) latencies.push(performance.now() - t); // the first two runs warm up
      }
    } finally {
      single.dispose();
    }

    return {
      preset: o.preset,
      loss: o.loss,
      params,
      backend: choice.name,
      backend_detail: describeBackend(choice),
      batch,
      warmup_steps: o.warmupSteps,
      steps: o.steps,
      ms_per_step: msPerStep,
      ms_per_step_mean: stepMs.reduce((a, b) => a + b, 0) / stepMs.length,
      images_per_s: (batch * 1000) / msPerStep,
      train_cpu_share: cpuShare,
      threads,
      load_avg: loadAvg,
      eval_images: o.evalImages,
      eval_images_per_s: (o.evalImages * 1000) / evalMs,
      latency_runs: o.latencyRuns,
      latency_ms: median(latencies),
      peak_rss_mb: rss.stop(),
    };
  } finally {
    await stepper.dispose();
    model.disposeWeights();
    rss.stop();
  }
}
