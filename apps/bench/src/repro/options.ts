import { existsSync, statSync } from "node:fs";
import { join, normalize, resolve } from "node:path";
import { isLossName, LOSS_NAMES, type LossName } from "@llmnist/cpo-loss";
import { isViTMoEPreset, isViTPreset, VIT_MOE_PRESETS, VIT_PRESETS, type ViTMoEPresetName, type ViTPresetName } from "@llmnist/vit";
import { parseFlags, positiveIntFlag } from "../shared/flags.js";
import { missingSetFiles } from "./drawn-digits.js";

const COMMAND = "repro:tables";

/** The paper's seed (0x66ccff), also the CLI's default. */
export const PAPER_SEED = 0x66ccff;

/**
 * `llmnist train`'s distillation defaults (--kd-temperature, --kd-weight); commands written into
 * the tables leave them out.
 */
export const KD_DEFAULTS = { temperature: 4, weight: 0.9 } as const;

export const REPRO_FLAGS = {
  presets: "list",
  losses: "list",
  seeds: "list",
  epochs: "string",
  "train-limit": "string",
  "test-limit": "string",
  jobs: "string",
  out: "string",
  teacher: "string",
  "kd-temperature": "string",
  "kd-weight": "string",
  augment: "boolean",
  "drawn-digits": "string",
  quick: "boolean",
  "dry-run": "boolean",
  "tables-only": "boolean",
  overwrite: "boolean",
  "no-readme": "boolean",
  help: "boolean",
} as const;

/** A preset repro:tables trains: one of the paper's, or a mixture-of-experts one (its own table). */
export type ReproPreset = ViTPresetName | ViTMoEPresetName;

/** Every preset --presets takes: the paper's, then the mixture-of-experts ones. */
export const REPRO_PRESETS = [...Object.keys(VIT_PRESETS), ...Object.keys(VIT_MOE_PRESETS)] as ReproPreset[];

export function isReproPreset(name: string): name is ReproPreset {
  return isViTPreset(name) || isViTMoEPreset(name);
}

export interface ReproOptions {
  /** The paper's presets by default; mixture-of-experts ones only when named. */
  presets: ReproPreset[];
  /** Names `llmnist train --loss` takes (@llmnist/cpo-loss's LOSS_NAMES); each with its defaults. */
  losses: LossName[];
  seeds: number[];
  epochs: number;
  trainLimit: number | undefined;
  testLimit: number | undefined;
  /**
   * Distil every run from this trained ViT (`llmnist train --teacher`); the runs go to
   * <preset>-<loss>-kd-seed<S>. undefined: plain runs.
   */
  teacher: string | undefined;
  /** --kd-temperature, passed to the CLI when given (only with a teacher). */
  kdTemperature: number | undefined;
  /** --kd-weight, passed to the CLI when given (only with a teacher). */
  kdWeight: number | undefined;
  /**
   * Train on augmented images (`llmnist train --augment`: @llmnist/mnist-data's DEFAULT_AUGMENT);
   * the runs go to <preset>-<loss>-aug-seed<S>.
   */
  augment: boolean;
  /**
   * The drawn-digit set to evaluate finished runs on after the trainings; `given`: named by
   * --drawn-digits (its files were checked), else the default, skipped when absent. undefined: none.
   */
  drawnDigits: { dir: string; given: boolean } | undefined;
  /** Folder of the run folders; tables.md goes beside it. */
  outDir: string;
  quick: boolean;
  dryRun: boolean;
  /** Only rebuild tables.md (and the README) from the runs already there. */
  tablesOnly: boolean;
  /** Replace a finished run that has other options (e.g. fewer epochs) instead of reporting it. */
  overwrite: boolean;
  /** Trainings at once; above 1 each runs on one thread (--threads 1). */
  jobs: number;
  /** Update README.md's Results section (never for --quick). */
  updateReadme: boolean;
  help: boolean;
}

export const REPRO_USAGE = `pnpm repro:tables [flags]

Runs the paper's Table 6-1 / 6-2 protocol (batch 32, AdamW, warm-up + cosine) for every
preset x loss x seed with the llmnist CLI, one run after the other, then writes tables.md
(and the README's Results section) from every summary.json / metrics.jsonl found.
Resumable: finished runs are skipped, interrupted ones continued with --resume.

  --presets LIST      default ${Object.keys(VIT_PRESETS).join(",")} (the paper's); also the
                      mixture-of-experts ${Object.keys(VIT_MOE_PRESETS).join(",")} (beyond the paper: runs into
                      <preset>-<loss>-seed<S> too, tables of their own)
  --losses LIST       default ce,cpo; any of ${LOSS_NAMES.join(",")} (each with its
                      default options; the runs go to <preset>-<loss>-seed<S>; losses other
                      than ce and cpo go into the "Beyond the paper" table)
  --seeds LIST        decimal or 0x hex (default 0x66ccff, the paper's)
  --epochs N          default 10 (the paper's)
  --train-limit N     train on the first N training images only
  --test-limit N      evaluate on the first N test images only
  --jobs N            trainings at once (default 1: one after another, each data-parallel on
                      2 threads; 2: two at a time on one thread each, which gets through the
                      0.21M/0.25M rows faster on a 2-core machine)
  --out DIR           run folders (default results/runs; tables at DIR/../tables.md)
  --teacher FILE      distil every run from this trained ViT (e.g. a run's best.safetensors):
                      llmnist train --teacher FILE; the runs go to <preset>-<loss>-kd-seed<S>
                      and get their own rows in the tables
  --kd-temperature T  softmax temperature of the KL term, T > 0 (default 4; needs --teacher)
  --kd-weight W       loss = (1 - W) * label loss + W * T^2 * KL(teacher || student),
                      0 <= W <= 1 (default 0.9; needs --teacher)
  --augment           train on augmented images (llmnist train --augment: @llmnist/mnist-data's
                      DEFAULT_AUGMENT, i.e. distortion, stroke width, blur, contrast); the runs go
                      to <preset>-<loss>-aug-seed<S> and into the "Beyond the paper" table
                      (not with --teacher: llmnist train refuses the two together)
  --drawn-digits DIR  after the trainings, evaluate every finished run in --out without a
                      drawn-digits.json on this set (llmnist eval, saved as the run's
                      drawn-digits.json, tabled as "drawn digits %"); default results/drawn-digits
                      (skipped when absent); none: no evaluation
  --quick             smoke run: 0.21M, ce+cpo, 1 epoch, 4000/1000 images, into results/quick/runs
  --dry-run           print the commands, run nothing, write nothing
  --tables-only       run nothing; rebuild the tables from the runs already in --out
  --overwrite         replace finished runs whose options differ (default: report and keep them)
  --no-readme         do not update README.md
`;

function parseSeed(text: string): number {
  const n = /^0x[0-9a-f]+$/i.test(text) ? parseInt(text.slice(2), 16) : /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(n)) throw new Error(`${COMMAND}: --seeds: "${text}" is not a non-negative integer (decimal or 0x hex)`);
  return n;
}

function parsePresets(list: string[] | undefined, fallback: ReproPreset[]): ReproPreset[] {
  if (list === undefined) return fallback;
  return [...new Set(list)].map((p) => {
    if (!isReproPreset(p)) throw new Error(`${COMMAND}: unknown preset "${p}"; expected one of ${REPRO_PRESETS.join(", ")}`);
    return p;
  });
}

function parseLosses(list: string[] | undefined): LossName[] {
  if (list === undefined) return ["ce", "cpo"];
  return [...new Set(list)].map((l) => {
    if (!isLossName(l)) throw new Error(`${COMMAND}: unknown loss "${l}"; expected one of ${LOSS_NAMES.join(", ")}`);
    return l;
  });
}

/** The distillation `o` asks for, CLI defaults filled in; undefined for plain runs. */
export function askedDistillation(o: Pick<ReproOptions, "teacher" | "kdTemperature" | "kdWeight">): { teacher: string; temperature: number; weight: number } | undefined {
  if (o.teacher === undefined) return undefined;
  return { teacher: o.teacher, temperature: o.kdTemperature ?? KD_DEFAULTS.temperature, weight: o.kdWeight ?? KD_DEFAULTS.weight };
}

/** Whether two teacher paths, as written (relative to the repository root), name the same file. */
export function sameTeacher(a: string, b: string): boolean {
  return normalize(a) === normalize(b);
}

/** A finite number flag value that passes `check`, or an error naming the flag and what it expects. */
function numberFlag(raw: string, name: string, check: (n: number) => boolean, expected: string): number {
  const n = /^\s*$/.test(raw) ? NaN : Number(raw);
  if (!Number.isFinite(n) || !check(n)) throw new Error(`${COMMAND}: --${name} must be ${expected}, got "${raw}"`);
  return n;
}

/** --teacher, --kd-temperature, --kd-weight: checked here so that no run starts with a bad one. */
function parseDistillation(
  f: { teacher?: string; "kd-temperature"?: string; "kd-weight"?: string },
  cwd: string,
): Pick<ReproOptions, "teacher" | "kdTemperature" | "kdWeight"> {
  const teacher = f.teacher;
  if (teacher === undefined) {
    for (const name of ["kd-temperature", "kd-weight"] as const) {
      if (f[name] !== undefined) throw new Error(`${COMMAND}: --${name} needs --teacher FILE`);
    }
    return { teacher: undefined, kdTemperature: undefined, kdWeight: undefined };
  }
  const path = resolve(cwd, teacher);
  if (!existsSync(path)) throw new Error(`${COMMAND}: --teacher: file not found: ${teacher}`);
  if (!statSync(path).isFile()) throw new Error(`${COMMAND}: --teacher: not a file: ${teacher}`);
  const t = f["kd-temperature"];
  const w = f["kd-weight"];
  return {
    teacher,
    kdTemperature: t === undefined ? undefined : numberFlag(t, "kd-temperature", (n) => n > 0, "a number > 0"),
    kdWeight: w === undefined ? undefined : numberFlag(w, "kd-weight", (n) => n >= 0 && n <= 1, "a number in [0, 1]"),
  };
}

/** --drawn-digits: `none`, a folder with the set's files (checked here), or the default (checked when used). */
function parseDrawnDigits(raw: string | undefined, repoRoot: string, cwd: string): ReproOptions["drawnDigits"] {
  if (raw === "none") return undefined;
  if (raw === undefined) return { dir: join(repoRoot, "results", "drawn-digits"), given: false };
  const dir = resolve(cwd, raw);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new Error(`${COMMAND}: --drawn-digits: folder not found: ${raw}`);
  const missing = missingSetFiles(dir);
  if (missing.length > 0) throw new Error(`${COMMAND}: --drawn-digits: ${raw} has no ${missing.join(", ")}`);
  return { dir: raw, given: true };
}

/** `cwd`: what a relative --teacher or --drawn-digits is relative to (the caller's working folder). */
export function parseReproArgs(argv: readonly string[], repoRoot: string, cwd: string = process.cwd()): ReproOptions {
  const f = parseFlags(argv, REPRO_FLAGS, COMMAND);
  const quick = f.quick ?? false;
  const optionalInt = (name: "train-limit" | "test-limit", quickDefault: number): number | undefined => {
    const raw = f[name];
    if (raw !== undefined) return positiveIntFlag(raw, name, COMMAND, 1);
    return quick ? quickDefault : undefined;
  };
  const seeds = f.seeds === undefined ? [PAPER_SEED] : [...new Set(f.seeds.map(parseSeed))];
  const augment = f.augment ?? false;
  if (augment && f.teacher !== undefined) {
    // llmnist train refuses the pair: better said once here than by every run failing.
    throw new Error(
      `${COMMAND}: --augment cannot go with --teacher: llmnist train computes the teacher's logits once over the un-augmented training images`,
    );
  }
  return {
    presets: parsePresets(f.presets, quick ? ["0.21M"] : (Object.keys(VIT_PRESETS) as ViTPresetName[])),
    losses: parseLosses(f.losses),
    seeds,
    epochs: positiveIntFlag(f.epochs, "epochs", COMMAND, quick ? 1 : 10),
    trainLimit: optionalInt("train-limit", 4000),
    testLimit: optionalInt("test-limit", 1000),
    ...parseDistillation(f, cwd),
    augment,
    drawnDigits: parseDrawnDigits(f["drawn-digits"], repoRoot, cwd),
    outDir: f.out ?? join(repoRoot, "results", quick ? "quick" : "", "runs"),
    quick,
    dryRun: f["dry-run"] ?? false,
    tablesOnly: f["tables-only"] ?? false,
    overwrite: f.overwrite ?? false,
    jobs: positiveIntFlag(f.jobs, "jobs", COMMAND, 1),
    updateReadme: !quick && !f["no-readme"],
    help: f.help ?? false,
  };
}
