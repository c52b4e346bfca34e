import { existsSync } from "node:fs";
import { copyFile, mkdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { shuffledIndices, takeSubset } from "@llmnist/mnist-data";
import { loadMnist } from "@llmnist/mnist-data/node";
import { answerAccuracy, checkPairing, prepareScratchModel, specMetadata, type MnistVLPreset, type VLDistillWeights } from "@llmnist/mnistvl";
import { buildDistillStage, loadScratchModel, loadQwenTokenizer, saveMnistVL, type VLDistillStageName, type VLDistillStageSpec } from "@llmnist/mnistvl/node";
import { writeFileAtomic } from "@llmnist/safetensors/node";
import { deriveSeed } from "@llmnist/random";
import { train, type ProgressSink } from "@llmnist/train";
import { fnv1aHex, formatEpochLine, resolveModuleUrl } from "@llmnist/train/internal";
import { UsageError } from "../command.js";

/** LLaVA-KD's distillation weights, the same for DPT (a, b, c) and DFT (a', b', c'). */
export interface KdWeights {
  /** L_res: KL at the answer positions. */
  alpha: number;
  /** L_vis: KL at the image positions. */
  beta: number;
  /** L_rel: relation distillation of the image positions' logits. */
  gamma: number;
}

export interface DistillRunOptions {
  /** The teacher model file; needed unless the only stage is SFT. */
  teacherPath?: string;
  studentPreset: MnistVLPreset;
  /** In order; a subset of dpt, sft, dft. */
  stages: VLDistillStageName[];
  /** Optimiser steps of the whole run, split evenly over the stages (the last takes the remainder). */
  steps: number;
  weights: KdWeights;
  /** Softmax temperature of L_res and L_vis. */
  temperature: number;
  /** Seeds the student's initialisation, the draw of training images and their distortions. */
  seed: number;
  outDir: string;
  mnistDir?: string;
  evalLimit?: number;
  threads?: number;
  progress?: ProgressSink;
  signal?: AbortSignal;
  log: (line: string) => void;
  /** Recorded in summary.json. */
  command: string;
  backend: string;
}

export interface StageRecord {
  stage: VLDistillStageName;
  steps: number;
  weights: VLDistillWeights;
  /** Percent of the test images answered correctly after the stage. */
  test_accuracy: number;
  test_unparsed: number;
  seconds: number;
}

export interface DistillSummary {
  student_preset: string;
  student_params: number;
  teacher: string | null;
  stages: StageRecord[];
  steps: number;
  batch: number;
  seed: number;
  temperature: number;
  weights: KdWeights;
  /** After the last stage, on `test_images` test images. */
  test_accuracy: number;
  test_images: number;
  wall_seconds: number;
  threads: number;
  backend: string;
  command: string;
}

const STAGE_FILE = "stage.json";
const MODEL_FILE = "model.safetensors";
/** deriveSeed stream of a stage's draw of training images. */
const EXAMPLE_STREAM = 11;

/** The loss weights of a stage (PAPER.md section 5: DPT and DFT add the KD terms to the answer loss; SFT is the answer loss alone). */
export function stageWeights(stage: VLDistillStageName, w: KdWeights): VLDistillWeights {
  return stage === "sft" ? { answer: 1, res: 0, vis: 0, rel: 0 } : { answer: 1, res: w.alpha, vis: w.beta, rel: w.gamma };
}

/** Steps per stage: `steps` split evenly, the last stage taking the remainder. */
export function stageSteps(steps: number, stages: number): number[] {
  const each = Math.floor(steps / stages);
  if (each < 1) throw new UsageError(`--steps ${steps} is fewer than one step per stage (${stages} stages)`);
  return Array.from({ length: stages }, (_, i) => (i === stages - 1 ? steps - each * (stages - 1) : each));
}

/**
 * LLaVA-KD on MnistVL: each stage is one run of the engine (resumable; a finished stage is
 * skipped on a rerun) starting from the previous stage's student. Each stage draws its
 * `steps x batch` training images from a seeded permutation of the training set.
 */
export async function runDistill(o: DistillRunOptions): Promise<DistillSummary> {
  const steps = stageSteps(o.steps, o.stages.length);
  const usesTeacher = o.stages.some((s) => s !== "sft");
  if (usesTeacher && o.teacherPath === undefined) throw new UsageError("--teacher FILE is required for the dpt and dft stages");
  if (o.teacherPath !== undefined && !existsSync(o.teacherPath)) throw new UsageError(`--teacher: file not found: ${o.teacherPath}`);
  const tokenizer = await loadQwenTokenizer();
  const preset = structuredClone(o.studentPreset);
  preset.training.seed = o.seed;
  let teacher: Awaited<ReturnType<typeof loadScratchModel>> | null = null;
  if (usesTeacher) {
    try {
      teacher = await loadScratchModel(o.teacherPath!, tokenizer, "--teacher");
    } catch (e) {
      const message = (e as Error).message;
      throw new UsageError(message.includes(o.teacherPath!) ? message : `--teacher ${o.teacherPath}: ${message}`);
    }
  }
  const studentParams = checkTeacher(o, preset, teacher, tokenizer);

  await mkdir(o.outDir, { recursive: true });
  const data = await loadMnist(o.mnistDir ? { dir: o.mnistDir } : {});
  const test = o.evalLimit === undefined ? data.test : takeSubset(data.test, Math.min(o.evalLimit, data.test.count));
  const batch = preset.training.batchSize;
  const teacherHash = o.teacherPath === undefined ? "none" : fnv1aHex(new Uint8Array(await readFile(o.teacherPath)));
  const records: StageRecord[] = [];
  let start: string | null = null;
  let threads = 1;
  for (const [i, stage] of o.stages.entries()) {
    const dir = join(o.outDir, `${i + 1}-${stage}`);
    const weights = stageWeights(stage, o.weights);
    const done = join(dir, STAGE_FILE);
    if (existsSync(done) && existsSync(join(dir, MODEL_FILE))) {
      records.push(JSON.parse(await readFile(done, "utf8")) as StageRecord);
      o.log(`stage ${i + 1}/${o.stages.length} ${stage}: done earlier (${records[records.length - 1]!.test_accuracy.toFixed(2)}%)`);
      start = join(dir, MODEL_FILE);
      continue;
    }
    const examples = steps[i]! * batch;
    const permutation = shuffledIndices(data.train.count, deriveSeed(o.seed, EXAMPLE_STREAM, i), 0);
    const exampleMap = Uint32Array.from({ length: examples }, (_, k) => permutation[k % permutation.length]!);
    const spec: VLDistillStageSpec = {
      stage,
      studentPreset: preset,
      studentStart: start,
      teacherPath: o.teacherPath ?? "",
      weights,
      temperature: o.temperature,
      seed: deriveSeed(o.seed, i),
      augment: preset.training.augment,
      exampleMap,
      train: data.train,
      test,
    };
    o.log(`stage ${i + 1}/${o.stages.length} ${stage}: ${steps[i]} steps, weights ${JSON.stringify(weights)}${stage === "dpt" ? ", projector only" : ""}`);
    const built = await buildDistillStage(spec, tokenizer);
    try {
      const t = preset.training;
      const result = await train({
        ...built.parts,
        examples,
        evaluate: async (infer) => answerAccuracy(await infer(new Uint32Array(test.count).map((_, k) => k)), test),
        epochs: 1,
        batchSize: batch,
        seed: deriveSeed(o.seed, i, 1),
        peakLr: t.peakLr,
        warmupSteps: Math.min(t.warmupSteps, Math.floor(steps[i]! / 10)),
        weightDecay: t.weightDecay,
        dropLast: true,
        dataFingerprint: {
          trainLabelsHash: fnv1aHex(data.train.labels),
          testCount: test.count,
          stage,
          exampleMap: fnv1aHex(new Uint8Array(exampleMap.buffer)),
          teacher: teacherHash,
          start: start === null ? "fresh" : fnv1aHex(new Uint8Array(await readFile(start))),
          weights: JSON.stringify(weights),
          temperature: o.temperature,
        },
        outDir: dir,
        resume: true,
        metadata: specMetadata(preset.spec),
        inferBatchSize: 200,
        replica: { module: resolveModuleUrl("@llmnist/mnistvl/node", import.meta.url), exportName: "mnistvlDistillReplica", args: [spec] },
        ...(o.threads === undefined ? {} : { threads: o.threads }),
        ...(o.signal ? { signal: o.signal } : {}),
        progress: o.progress ?? { onMessage: o.log, onEpoch: (e, epochs) => o.log(formatEpochLine(e, epochs)) },
      });
      threads = result.threads;
      const last = result.history[result.history.length - 1]! as unknown as { test_accuracy: number; test_unparsed: number };
      built.student.head.writeInto(built.student.vl.lm);
      await saveMnistVL(join(dir, MODEL_FILE), built.student.vl, built.student.spec, built.student.head);
      const record: StageRecord = { stage, steps: steps[i]!, weights, test_accuracy: last.test_accuracy, test_unparsed: last.test_unparsed, seconds: result.wallSeconds };
      await writeFileAtomic(done, JSON.stringify(record, null, 2) + "\n");
      records.push(record);
      o.log(`stage ${i + 1}/${o.stages.length} ${stage}: ${record.test_accuracy.toFixed(2)}% on ${test.count} test images (${(record.seconds / 60).toFixed(1)} min)`);
      start = join(dir, MODEL_FILE);
    } finally {
      built.dispose();
    }
  }
  await copyFile(start!, join(o.outDir, MODEL_FILE));
  const final = records[records.length - 1]!;
  const summary: DistillSummary = {
    student_preset: preset.name,
    student_params: studentParams,
    teacher: o.teacherPath ?? null,
    stages: records,
    steps: o.steps,
    batch,
    seed: o.seed,
    temperature: o.temperature,
    weights: o.weights,
    test_accuracy: final.test_accuracy,
    test_images: test.count,
    wall_seconds: records.reduce((s, r) => s + r.seconds, 0),
    threads,
    backend: o.backend,
    command: o.command,
  };
  await writeFileAtomic(join(o.outDir, "summary.json"), JSON.stringify(summary, null, 2) + "\n");
  return summary;
}

/** The student's parameter count; with a teacher, refuses one that does not pair with the student (before any training). */
function checkTeacher(o: DistillRunOptions, preset: MnistVLPreset, teacher: Awaited<ReturnType<typeof loadScratchModel>> | null, tokenizer: Awaited<ReturnType<typeof loadQwenTokenizer>>): number {
  if (preset.mode !== "scratch") throw new UsageError(`--student-preset ${preset.name} is not a from-scratch preset`);
  const student = prepareScratchModel(preset, tokenizer);
  try {
    if (teacher !== null) {
      try {
        checkPairing({ vl: student.vl, head: student.vocab }, teacher, `--teacher ${o.teacherPath}`);
      } catch (e) {
        throw new UsageError((e as Error).message);
      }
    }
    return student.params.reduce((n, [, v]) => n + v.size, 0);
  } finally {
    student.vl.dispose();
    student.vocab.dispose();
    teacher?.vl.dispose();
    teacher?.head.dispose();
  }
}
