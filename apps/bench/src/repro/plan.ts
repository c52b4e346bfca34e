import { join } from "node:path";
import { isLossName, lossOptionsOf, type LossOptions } from "@llmnist/cpo-loss";
import { DEFAULT_AUGMENT } from "@llmnist/mnist-data";
import { askedDistillation, sameTeacher, type ReproOptions } from "./options.js";
import { runDirName, type RunDirState } from "./run-dir.js";
import { FULL_TEST, FULL_TRAIN } from "./run-record.js";

export type RunAction = "skip" | "resume" | "fresh" | "overwrite" | "conflict" | "busy";

/** What repro:tables will do for one preset x loss x seed. */
export interface PlannedRun {
  preset: string;
  loss: string;
  seed: number;
  /** true: distilled from --teacher (folder <preset>-<loss>-kd-seed<S>). */
  distilled: boolean;
  /** true: trained on augmented images, --augment (folder <preset>-<loss>[-kd]-aug-seed<S>). */
  augmented: boolean;
  dir: string;
  action: RunAction;
  /** Why, in words (shown to the user). */
  reason: string;
  /** The arguments after the CLI's path: ["train", "--preset", ...]. */
  args: string[];
}

/** "0.21M ce seed 1", "0.21M ce KD seed 1" (distilled), "0.21M ce augmented seed 1": how messages name a run. */
export function runLabel(p: Pick<PlannedRun, "preset" | "loss" | "seed" | "distilled" | "augmented">): string {
  return `${p.preset} ${p.loss}${p.distilled ? " KD" : ""}${p.augmented ? " augmented" : ""} seed ${p.seed}`;
}


/** Differences between a finished run's summary and what is asked for now ([] = same run). */
export function summaryDifferences(summary: Record<string, unknown>, o: ReproOptions): string[] {
  const diffs: string[] = [];
  if (summary.epochs !== o.epochs) diffs.push(`${String(summary.epochs)} epochs (asked: ${o.epochs})`);
  // Older summaries may lack the image counts; only compare what is there.
  const wantTrain = o.trainLimit ?? FULL_TRAIN;
  if (typeof summary.train_images === "number" && summary.train_images !== wantTrain) {
    diffs.push(`${summary.train_images} training images (asked: ${wantTrain})`);
  }
  const wantTest = o.testLimit ?? FULL_TEST;
  if (typeof summary.test_images === "number" && summary.test_images !== wantTest) {
    diffs.push(`${summary.test_images} test images (asked: ${wantTest})`);
  }
  diffs.push(...lossOptionDifferences(summary));
  const asked = askedDistillation(o);
  const kd = typeof summary.kd === "object" && summary.kd !== null ? (summary.kd as Record<string, unknown>) : undefined;
  if (asked === undefined) {
    if (kd !== undefined) diffs.push(`distilled from ${String(kd.teacher)} (asked: no teacher)`);
  } else if (kd === undefined) {
    diffs.push(`no teacher (asked: --teacher ${asked.teacher})`);
  } else {
    if (typeof kd.teacher !== "string" || !sameTeacher(kd.teacher, asked.teacher)) diffs.push(`teacher ${String(kd.teacher)} (asked: ${asked.teacher})`);
    if (kd.temperature !== asked.temperature) diffs.push(`KD temperature ${String(kd.temperature)} (asked: ${asked.temperature})`);
    if (kd.weight !== asked.weight) diffs.push(`KD weight ${String(kd.weight)} (asked: ${asked.weight})`);
  }
  diffs.push(...augmentDifferences(summary.augment, o.augment));
  return diffs;
}

/**
 * A finished run's loss options (summary.json's loss_options) that differ from its loss's
 * defaults, which is what repro:tables asks for (it passes no --cpo-* flags). Summaries without
 * loss_options used the defaults.
 */
function lossOptionDifferences(summary: Record<string, unknown>): string[] {
  const recorded = summary.loss_options;
  if (typeof summary.loss !== "string" || !isLossName(summary.loss) || typeof recorded !== "object" || recorded === null) return [];
  const defaults = lossOptionsOf(summary.loss);
  return Object.entries(recorded as Record<string, unknown>)
    .filter(([key, value]) => defaults[key as keyof LossOptions] !== value)
    .map(([key, value]) => `loss option ${key} ${String(value)} (asked: the default, ${String(defaults[key as keyof LossOptions] ?? "not used")})`);
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** "distort.maxRotationDeg 15 (asked: the default, 10)" for each field of `got` that differs from `want`, down to the leaves both have. */
function fieldDifferences(got: unknown, want: unknown, path: string): string[] {
  if (isPlainObject(got) && isPlainObject(want)) {
    return [...new Set([...Object.keys(want), ...Object.keys(got)])].flatMap((k) => fieldDifferences(got[k], want[k], path === "" ? k : `${path}.${k}`));
  }
  const show = (v: unknown): string => (v === undefined ? "not set" : JSON.stringify(v));
  return JSON.stringify(got) === JSON.stringify(want) ? [] : [`${path} ${show(got)} (asked: the default, ${show(want)})`];
}

/**
 * A finished run's augmentation (summary.json's `augment`: absent or null for none) against what
 * is asked: none, or --augment, which is DEFAULT_AUGMENT (repro:tables passes no --augment-* knobs).
 */
function augmentDifferences(recorded: unknown, asked: boolean): string[] {
  if (recorded === undefined || recorded === null) return asked ? ["not augmented (asked: --augment)"] : [];
  if (!asked) return ["augmented (asked: no --augment)"];
  return fieldDifferences(recorded, DEFAULT_AUGMENT, "").map((d) => `augment ${d}`);
}

function trainArgs(preset: string, loss: string, seed: number, dir: string, o: ReproOptions): string[] {
  return [
    "train",
    "--preset",
    preset,
    "--loss",
    loss,
    "--seed",
    String(seed),
    "--epochs",
    String(o.epochs),
    ...(o.trainLimit === undefined ? [] : ["--train-limit", String(o.trainLimit)]),
    ...(o.testLimit === undefined ? [] : ["--test-limit", String(o.testLimit)]),
    ...(o.teacher === undefined ? [] : ["--teacher", o.teacher]),
    ...(o.kdTemperature === undefined ? [] : ["--kd-temperature", String(o.kdTemperature)]),
    ...(o.kdWeight === undefined ? [] : ["--kd-weight", String(o.kdWeight)]),
    ...(o.augment ? ["--augment"] : []),
    // Several runs at once share the cores: one thread each.
    ...(o.jobs > 1 ? ["--threads", "1"] : []),
    "--out",
    dir,
  ];
}

/**
 * Decides each run: finished with the same options -> skip; a checkpoint or run.json but no
 * summary -> continue with --resume; finished with other options -> conflict (kept) unless
 * --overwrite (a teacher, temperature or weight other than asked counts as other options, and so
 * does augmentation other than asked);
 * nothing -> fresh; a folder another process trains into now -> busy (left alone).
 * `inspect` reads a run folder (the file system in main).
 */
export function planRuns(
  o: ReproOptions,
  inspect: (dir: string) => RunDirState,
  isBusy: (dir: string) => boolean = () => false,
): PlannedRun[] {
  const plans: PlannedRun[] = [];
  for (const preset of o.presets) {
    for (const loss of o.losses) {
      for (const seed of o.seeds) {
        const distilled = o.teacher !== undefined;
        const augmented = o.augment;
        const dir = join(o.outDir, runDirName(preset, loss, seed, distilled, augmented));
        const state = inspect(dir);
        const base = trainArgs(preset, loss, seed, dir, o);
        const plan = (action: RunAction, reason: string, extra: string[] = []): void =>
          void plans.push({ preset, loss, seed, distilled, augmented, dir, action, reason, args: [...base, ...extra] });
        if (isBusy(dir)) {
          plan("busy", "another llmnist train process is training into this folder now; left alone");
        } else if (state.summary !== undefined) {
          const diffs = summaryDifferences(state.summary, o);
          if (diffs.length === 0) plan("skip", "finished (summary.json has the asked epochs)");
          else if (o.overwrite) plan("overwrite", `finished with other options: ${diffs.join(", ")}; --overwrite replaces it`, ["--overwrite"]);
          else plan("conflict", `finished with other options: ${diffs.join(", ")}; kept (pass --overwrite to replace it, or use another --out)`);
        } else if (state.hasCheckpoint || state.hasRunConfig) {
          plan("resume", state.hasCheckpoint ? "interrupted: continuing from checkpoint.safetensors" : "started before (run.json): continuing", ["--resume"]);
        } else {
          plan("fresh", "not run yet");
        }
      }
    }
  }
  return plans;
}
