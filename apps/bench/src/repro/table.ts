import { normalize } from "node:path";
import { formatDuration } from "@llmnist/train/internal";
import { mean, sampleStd } from "../shared/stats.js";
import { formatCount, type Distillation, type RunRecord } from "./run-record.js";

/** The paper's accuracy (percent) per preset and loss; a missing entry shows as "–". */
export type PaperAccuracy = Readonly<Record<string, Readonly<Record<string, number | undefined>> | undefined>>;

/**
 * Runs that went the same way (same preset, loss, epochs, data, distillation and augmentation)
 * and are averaged over seeds.
 */
export interface RunGroup {
  /** The (student's) preset: the paper's value is looked up by it. */
  preset: string;
  loss: string;
  /** The teacher, temperature and weight the runs distilled with; undefined for plain runs. */
  distillation: Distillation | undefined;
  /** Trained on augmented images (--augment). */
  augmented: boolean;
  epochsDone: number;
  epochsPlanned: number | undefined;
  partial: boolean;
  trainImages: number;
  testImages: number;
  runs: RunRecord[];
}

/** Distilled runs only share a row with runs of the same teacher file, temperature and weight. */
const distillationKey = (d: Distillation | undefined): string =>
  d === undefined ? "plain" : ["kd", normalize(d.teacher), d.temperature, d.weight].join("\u0000");

export const groupKey = (r: RunRecord): string =>
  [
    r.preset,
    r.loss,
    r.epochsDone,
    r.epochsPlanned ?? "?",
    r.partial,
    r.trainImages,
    r.testImages,
    distillationKey(r.distillation),
    r.augmented ? "augmented" : "plain images",
  ].join("|");

/**
 * Groups runs, ordered by preset (`presetOrder` first), plain rows before distilled ones (those by
 * teacher preset, teacher, temperature, weight), plain images before augmented ones, then
 * finished before partial, more epochs first.
 */
export function groupRuns(records: readonly RunRecord[], presetOrder: readonly string[] = []): RunGroup[] {
  const groups = new Map<string, RunGroup>();
  for (const r of records) {
    const key = groupKey(r);
    let g = groups.get(key);
    if (g === undefined) {
      g = {
        preset: r.preset,
        loss: r.loss,
        distillation: r.distillation,
        augmented: r.augmented,
        epochsDone: r.epochsDone,
        epochsPlanned: r.epochsPlanned,
        partial: r.partial,
        trainImages: r.trainImages,
        testImages: r.testImages,
        runs: [],
      };
      groups.set(key, g);
    }
    g.runs.push(r);
  }
  const rank = (p: string): number => {
    const i = presetOrder.indexOf(p);
    return i === -1 ? presetOrder.length : i;
  };
  return [...groups.values()].sort(
    (a, b) =>
      rank(a.preset) - rank(b.preset) ||
      a.preset.localeCompare(b.preset) ||
      compareDistillation(a.distillation, b.distillation, rank) ||
      Number(a.augmented) - Number(b.augmented) ||
      Number(a.partial) - Number(b.partial) ||
      b.epochsDone - a.epochsDone ||
      b.trainImages - a.trainImages ||
      b.testImages - a.testImages,
  );
}

function compareDistillation(a: Distillation | undefined, b: Distillation | undefined, rank: (preset: string) => number): number {
  if (a === undefined || b === undefined) return Number(a !== undefined) - Number(b !== undefined);
  const ta = a.teacherPreset ?? "";
  const tb = b.teacherPreset ?? "";
  return rank(ta) - rank(tb) || ta.localeCompare(tb) || a.teacher.localeCompare(b.teacher) || a.temperature - b.temperature || a.weight - b.weight;
}

/**
 * The preset cell: "0.21M" for plain runs, "0.21M ← 1.68M (KD, T 4, w 0.9)" for runs distilled
 * from a 1.68M teacher ("?" when the teacher's preset is not known).
 */
export function presetLabel(g: Pick<RunGroup, "preset" | "distillation">): string {
  const d = g.distillation;
  if (d === undefined) return g.preset;
  return `${g.preset} ← ${d.teacherPreset ?? "?"} (KD, T ${d.temperature}, w ${d.weight})`;
}

/** "99.12" for one run, "99.12 ± 0.05" (sample std) for several. */
export function meanStd(values: readonly number[]): string {
  const m = mean(values).toFixed(2);
  return values.length === 1 ? m : `${m} ± ${sampleStd(values).toFixed(2)}`;
}

/** Signed percentage points: "+0.05", "-0.12". */
export function signedDiff(diff: number): string {
  const s = diff.toFixed(2);
  return diff >= 0 && !s.startsWith("-") ? `+${s}` : s;
}

/** "10", or "3 of 10 (partial)" for a run still going. */
export function epochsLabel(g: RunGroup): string {
  if (!g.partial) return String(g.epochsDone);
  return g.epochsPlanned === undefined ? `${g.epochsDone} (partial)` : `${g.epochsDone} of ${g.epochsPlanned} (partial)`;
}


const HEADER = [
  "preset",
  "params",
  "epochs",
  "train / test images",
  "seeds",
  "best acc %",
  "final acc %",
  "paper %",
  "best − paper",
  "wall time / run",
  "backend",
];

/** One Markdown table row for a group. */
export function groupRow(g: RunGroup, paper: PaperAccuracy): string[] {
  const best = g.runs.map((r) => r.bestAccuracy);
  const paperValue = paper[g.preset]?.[g.loss];
  const params = g.runs.find((r) => r.params !== undefined)?.params;
  const backends = [...new Set(g.runs.map((r) => r.backend).filter((b): b is string => b !== undefined))];
  return [
    presetLabel(g).replace(/\|/g, "\\|"),
    params === undefined ? "–" : formatCount(params),
    epochsLabel(g),
    `${formatCount(g.trainImages)} / ${formatCount(g.testImages)}`,
    String(g.runs.length),
    meanStd(best),
    meanStd(g.runs.map((r) => r.finalAccuracy)),
    paperValue === undefined ? "–" : paperValue.toFixed(2),
    paperValue === undefined ? "–" : signedDiff(mean(best) - paperValue),
    formatDuration(mean(g.runs.map((r) => r.wallSeconds))),
    backends.length === 0 ? "–" : backends.join(", "),
  ];
}

/** The paper's losses and their tables; other losses are beyond the paper (beyond-table.ts). */
const LOSS_TITLES: Record<string, string> = {
  ce: "Table 6-1: cross-entropy",
  cpo: "Table 6-2: CPO (classification preference optimisation)",
};

/**
 * Whether a run belongs in the paper's tables: its losses (ce, cpo) on plain images, by itself or
 * distilled from a teacher (the KD rows); any other loss and augmented runs are beyond the paper.
 */
export const isPaperRow = (r: Pick<RunRecord, "loss" | "augmented">): boolean => r.loss in LOSS_TITLES && !r.augmented;

/**
 * The paper's tables as Markdown, Table 6-1 (ce) and 6-2 (cpo), a row per group of runs; runs
 * that are not isPaperRow are left out. "" when there are no such runs. Pure: the same records
 * give the same text.
 */
export function buildTables(records: readonly RunRecord[], paper: PaperAccuracy, presetOrder: readonly string[] = []): string {
  const groups = groupRuns(records.filter(isPaperRow), presetOrder);
  const order = Object.keys(LOSS_TITLES);
  const losses = order.filter((loss) => groups.some((g) => g.loss === loss));
  const sections = losses.map((loss) => {
    const rows = groups.filter((g) => g.loss === loss).map((g) => `| ${groupRow(g, paper).join(" | ")} |`);
    return [
      `### ${LOSS_TITLES[loss]!}`,
      "",
      `| ${HEADER.join(" | ")} |`,
      `|${HEADER.map(() => "---").join("|")}|`,
      ...rows,
    ].join("\n");
  });
  return sections.join("\n\n") + (sections.length > 0 ? "\n" : "");
}
