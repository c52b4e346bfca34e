import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { parseMetricsJsonl } from "@llmnist/train";
import { expectedParameterCount, resolveViTConfig } from "@llmnist/vit";
import { DRAWN_DIGITS_FILE } from "./drawn-digits.js";
import { moeStatsFromSummary, moeStatsOfPreset } from "./moe-stats.js";
import { isReproPreset } from "./options.js";
import { FULL_TEST, FULL_TRAIN, type Distillation, type MoEStats, type RunRecord } from "./run-record.js";
import { METRICS_FILE, parseRunDirName, readJsonObject, RUN_CONFIG_FILE, SUMMARY_FILE } from "./run-dir.js";


function num(obj: Record<string, unknown>, key: string, where: string): number {
  const v = obj[key];
  if (typeof v !== "number" || !Number.isFinite(v)) throw new Error(`${where}: field "${key}" must be a number, got ${JSON.stringify(v)}`);
  return v;
}

function str(obj: Record<string, unknown>, key: string, where: string): string {
  const v = obj[key];
  if (typeof v !== "string") throw new Error(`${where}: field "${key}" must be a string, got ${JSON.stringify(v)}`);
  return v;
}

/**
 * The teacher's preset when its file lies in a run folder named the CLI's way
 * (results/runs/1.68M-ce-seed1/best.safetensors -> 1.68M); undefined otherwise.
 */
export function teacherPresetFromPath(teacher: string): string | undefined {
  const preset = parseRunDirName(basename(dirname(teacher.replace(/\\/g, "/"))))?.preset;
  return preset !== undefined && isReproPreset(preset) ? preset : undefined;
}

/**
 * The `kd` object of summary.json (teacher_preset known) or run.json (the preset read from the
 * teacher's run folder, when it has one); undefined when absent or null (a plain run).
 */
export function distillationOf(kd: unknown, where: string): Distillation | undefined {
  if (kd === undefined || kd === null) return undefined;
  if (typeof kd !== "object" || Array.isArray(kd)) throw new Error(`${where}: field "kd" must be an object or null, got ${JSON.stringify(kd)}`);
  const o = kd as Record<string, unknown>;
  const kdWhere = `${where} (kd)`;
  const teacher = str(o, "teacher", kdWhere);
  return {
    teacher,
    teacherPreset: typeof o.teacher_preset === "string" ? o.teacher_preset : teacherPresetFromPath(teacher),
    temperature: num(o, "temperature", kdWhere),
    weight: num(o, "weight", kdWhere),
  };
}

/** summary.json's or run.json's `augment`: an object when the run trained on augmented images, absent or null when not. */
export function augmentedOf(augment: unknown, where: string): boolean {
  if (augment === undefined || augment === null) return false;
  if (typeof augment !== "object" || Array.isArray(augment)) throw new Error(`${where}: field "augment" must be an object or null, got ${JSON.stringify(augment)}`);
  return true;
}

/** The accuracy (percent) in a run's drawn-digits.json; undefined when the run has none. */
export function drawnDigitsOf(dir: string): number | undefined {
  const path = join(dir, DRAWN_DIGITS_FILE);
  if (!existsSync(path)) return undefined;
  const accuracy = num(readJsonObject(path), "accuracy", path);
  if (accuracy < 0 || accuracy > 100) throw new Error(`${path}: field "accuracy" must be a percentage in [0, 100], got ${accuracy}`);
  return accuracy;
}

const withDistillation = (d: Distillation | undefined): { distillation?: Distillation } => (d === undefined ? {} : { distillation: d });
const withMoE = (m: MoEStats | undefined): { moe?: MoEStats } => (m === undefined ? {} : { moe: m });

/** A finished run from its summary.json. */
export function recordFromSummary(dir: string, summary: Record<string, unknown>): RunRecord {
  const where = join(dir, SUMMARY_FILE);
  const epochs = num(summary, "epochs", where);
  const preset = str(summary, "preset", where);
  return {
    dir,
    preset,
    loss: str(summary, "loss", where),
    seed: num(summary, "seed", where),
    epochsDone: epochs,
    epochsPlanned: epochs,
    bestAccuracy: num(summary, "best_accuracy", where),
    finalAccuracy: num(summary, "final_accuracy", where),
    params: typeof summary.params === "number" ? summary.params : undefined,
    backend: typeof summary.backend === "string" ? summary.backend : undefined,
    wallSeconds: num(summary, "wall_seconds", where),
    partial: false,
    trainImages: typeof summary.train_images === "number" ? summary.train_images : FULL_TRAIN,
    testImages: typeof summary.test_images === "number" ? summary.test_images : FULL_TEST,
    ...withDistillation(distillationOf(summary.kd, where)),
    augmented: augmentedOf(summary.augment, where),
    ...withMoE(moeStatsFromSummary(summary, preset, where)),
  };
}


/** An unfinished run from metrics.jsonl (+ run.json or the folder name); undefined before its first epoch. */
export function recordFromMetrics(dir: string, name: string): RunRecord | undefined {
  const metricsPath = join(dir, METRICS_FILE);
  if (!existsSync(metricsPath)) return undefined;
  const epochs = parseMetricsJsonl(readFileSync(metricsPath, "utf8"), metricsPath, ["test_accuracy"]);
  if (epochs.length === 0) return undefined;
  const configPath = join(dir, RUN_CONFIG_FILE);
  const config = existsSync(configPath) ? readJsonObject(configPath) : undefined;
  const fromName = parseRunDirName(name);
  const preset = typeof config?.preset === "string" ? config.preset : fromName?.preset;
  const loss = typeof config?.loss === "string" ? config.loss : fromName?.loss;
  const seed = typeof config?.seed === "number" ? config.seed : fromName?.seed;
  if (preset === undefined || loss === undefined || seed === undefined) {
    throw new Error(`${dir}: a partial run without run.json and not named <preset>-<loss>-seed<N>: cannot tell what it is`);
  }
  const distillation = config === undefined ? undefined : distillationOf(config.kd, configPath);
  if (distillation === undefined && config === undefined && fromName?.kd === true) {
    // Named as distilled, but without run.json nothing says from which teacher: never mix it into the plain row.
    throw new Error(`${dir}: a distilled partial run (named <preset>-<loss>-kd-seed<N>) without run.json: cannot tell its teacher`);
  }
  const accuracies = epochs.map((e) => e.test_accuracy);
  return {
    dir,
    preset,
    loss,
    seed,
    epochsDone: epochs.length,
    epochsPlanned: typeof config?.epochs === "number" ? config.epochs : undefined,
    bestAccuracy: Math.max(...accuracies),
    finalAccuracy: accuracies[accuracies.length - 1]!,
    params: isReproPreset(preset) ? expectedParameterCount(resolveViTConfig(preset)) : undefined,
    backend: undefined,
    wallSeconds: epochs.reduce((a, e) => a + e.seconds, 0),
    partial: true,
    trainImages: typeof config?.train_limit === "number" ? config.train_limit : FULL_TRAIN,
    testImages: typeof config?.test_limit === "number" ? config.test_limit : FULL_TEST,
    ...withDistillation(distillation),
    // run.json says; without it the folder name ("-aug-") does, as for "-kd-".
    augmented: config === undefined ? fromName?.augmented === true : augmentedOf(config.augment, configPath),
    ...withMoE(partialMoEStats(preset, epochs.at(-1)?.train_aux_loss)),
  };
}

/** An unfinished mixture-of-experts run: the preset's facts and the last epoch's aux loss (no load before the end). */
function partialMoEStats(preset: string, trainAuxLoss: number | undefined): MoEStats | undefined {
  const stats = moeStatsOfPreset(preset);
  return stats === undefined ? undefined : { ...stats, trainAuxLoss };
}

/** Every run under `outDir` (one folder each) that has at least one finished epoch, with its drawn-digits.json's accuracy when there is one. */
export function collectRuns(outDir: string): RunRecord[] {
  if (!existsSync(outDir)) return [];
  const records: RunRecord[] = [];
  for (const name of readdirSync(outDir).sort()) {
    const dir = join(outDir, name);
    if (!statSync(dir).isDirectory()) continue;
    const summaryPath = join(dir, SUMMARY_FILE);
    const record = existsSync(summaryPath) ? recordFromSummary(dir, readJsonObject(summaryPath)) : recordFromMetrics(dir, name);
    if (record === undefined) continue;
    const drawnDigits = drawnDigitsOf(dir);
    records.push(drawnDigits === undefined ? record : { ...record, drawnDigits });
  }
  return records;
}
