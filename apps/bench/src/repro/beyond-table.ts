import { LOSS_NAMES, LOSS_OPTION_DEFAULTS } from "@llmnist/cpo-loss";
import { DEFAULT_AUGMENT, type AugmentOptions } from "@llmnist/mnist-data";
import { formatDuration } from "@llmnist/train/internal";
import { mean } from "../shared/stats.js";
import { KD_DEFAULTS } from "./options.js";
import { formatCount, FULL_TEST, FULL_TRAIN, type RunRecord } from "./run-record.js";
import { epochsLabel, groupRuns, isPaperRow, meanStd, signedDiff, type PaperAccuracy, type RunGroup } from "./table.js";

/** The title of the loss-variants-and-augmentation table, before its presets. */
export const BEYOND_TITLE = "Loss variants and augmentation";


const HEADER = ["recipe", "params", "epochs", "seeds", "best acc %", "final acc %", "− our ce", "− paper ce", "drawn digits %", "wall time / run"];

const row = (cells: readonly string[]): string => `| ${cells.join(" | ")} |`;

/** A run of the paper's recipe for its loss (ce or cpo): plain images, no teacher. */
const isPaperRecipe = (g: Pick<RunGroup, "loss" | "augmented" | "distillation">, loss: string): boolean =>
  g.loss === loss && !g.augmented && g.distillation === undefined;

/** "cpo-all" after "cpo": LOSS_NAMES' order, then unknown losses by name. */
function lossRank(loss: string): number {
  const i = (LOSS_NAMES as readonly string[]).indexOf(loss);
  return i === -1 ? LOSS_NAMES.length : i;
}

/**
 * The recipe cell: "0.21M ce (paper protocol)", "0.21M cpo-all", "0.21M ce + augment",
 * "0.21M ce ← 1.68M (KD) + augment" (T and w when not the defaults), and the images when not all of them.
 */
export function recipeLabel(g: RunGroup): string {
  const d = g.distillation;
  const settings =
    d === undefined || (d.temperature === KD_DEFAULTS.temperature && d.weight === KD_DEFAULTS.weight) ? "" : `, T ${d.temperature}, w ${d.weight}`;
  const kd = d === undefined ? "" : ` ← ${d.teacherPreset ?? "?"} (KD${settings})`;
  const paper = isPaperRecipe(g, "ce") || isPaperRecipe(g, "cpo") ? " (paper protocol)" : "";
  const data = g.trainImages === FULL_TRAIN && g.testImages === FULL_TEST ? "" : `, ${formatCount(g.trainImages)} / ${formatCount(g.testImages)} images`;
  return `${g.preset} ${g.loss}${kd}${g.augmented ? " + augment" : ""}${paper}${data}`;
}

/** "97.60 ± 0.10" over the runs with a drawn-digits.json, "(k of n)" when not all have one; "–" when none has. */
export function drawnDigitsCell(g: RunGroup): string {
  const values = g.runs.map((r) => r.drawnDigits).filter((v): v is number => v !== undefined);
  if (values.length === 0) return "–";
  return values.length === g.runs.length ? meanStd(values) : `${meanStd(values)} (${values.length} of ${g.runs.length})`;
}

/**
 * One row; `ours`: the same preset's ce (paper protocol) group with the same epochs and images
 * (`undefined` when there is none, `g` itself for that row).
 */
export function beyondRow(g: RunGroup, ours: RunGroup | undefined, paper: PaperAccuracy): string[] {
  const best = mean(g.runs.map((r) => r.bestAccuracy));
  const paperCe = paper[g.preset]?.ce;
  const params = g.runs.find((r) => r.params !== undefined)?.params;
  return [
    recipeLabel(g).replace(/\|/g, "\\|"),
    params === undefined ? "–" : formatCount(params),
    epochsLabel(g),
    String(g.runs.length),
    meanStd(g.runs.map((r) => r.bestAccuracy)),
    meanStd(g.runs.map((r) => r.finalAccuracy)),
    ours === undefined ? "–" : ours === g ? "baseline" : signedDiff(best - mean(ours.runs.map((r) => r.bestAccuracy))),
    paperCe === undefined ? "–" : signedDiff(best - paperCe),
    drawnDigitsCell(g),
    formatDuration(mean(g.runs.map((r) => r.wallSeconds))),
  ];
}

/** What `--augment` does, read from DEFAULT_AUGMENT (what repro:tables trains with). */
export function augmentRecipe(a: AugmentOptions = DEFAULT_AUGMENT): string {
  const n = (x: number): string => String(Number(x.toFixed(4)));
  const parts: string[] = [];
  const d = a.distort;
  if (d !== null) {
    const elastic = d.elasticAlpha > 0 ? `, ${d.elasticScale === "field" ? "a smooth" : "an"} elastic field up to ${n(d.elasticAlpha)} px (σ ${n(d.elasticSigma)})` : "";
    parts.push(`rotation ±${n(d.maxRotationDeg)}°, shift ±${n(d.maxShift)} px, scale ±${n(100 * d.maxScale)}%${elastic}`);
  }
  if (a.stroke !== null) parts.push(`strokes up to ${n(a.stroke.maxThin)} px thinner or ${n(a.stroke.maxThicken)} px thicker per side`);
  if (a.blur !== null && a.blur.maxSigma > 0) parts.push(`Gaussian blur σ up to ${n(a.blur.maxSigma)} px`);
  if (a.normalize) parts.push("the brightest pixel back to 1");
  const c = a.contrast;
  if (c !== null) {
    const brightness = c.maxBrightness > 0 ? `, brightness ±${n(c.maxBrightness)}` : "";
    parts.push(`ink gain 1–${n(1 + c.maxGain)}, gamma 1/${n(1 + c.maxGamma)}–${n(1 + c.maxGamma)}${brightness}`);
  }
  return parts.join("; ");
}

const D = LOSS_OPTION_DEFAULTS;

/** One line per loss beyond the paper (z: logits, y: label, y_l: the best-scoring wrong class). */
const LOSS_NOTES: Record<string, string> = {
  "cpo-all":
    "cpo-all: CPO with every wrong class k as a rejected answer, weighted by its softmax probability among the wrong classes: " +
    `loss = Σ_{k≠y} w_k · softplus(−β (z_y − z_k)), w = softmax over k≠y of z_k / weightTemperature (no gradient); β ${D["cpo-all"].beta}, weightTemperature ${D["cpo-all"].weightTemperature}.`,
  "cpo-ce":
    "cpo-ce: cross-entropy + λ · CPO: loss = −log softmax(z)_y + λ · softplus(−β (z_y − z_{y_l})), y_l the best-scoring wrong class; " +
    `λ ${D["cpo-ce"].lambda}, β ${D["cpo-ce"].beta}.`,
  "cpo-margin":
    "cpo-margin: CPO with a margin: loss = softplus(−β (z_y − z_{y_l} − margin)), the label should lead the hardest wrong class by margin logits; " +
    `margin ${D["cpo-margin"].margin}, β ${D["cpo-margin"].beta}.`,
};

/** The notes under the table: its columns, then only what its rows use. */
function notes(groups: readonly RunGroup[]): string[] {
  const losses = new Set(groups.map((g) => g.loss));
  return [
    "Recipes: `(paper protocol)` rows are the runs of Table 6-1 / 6-2 again (cpo: softplus(−β (z_y − z_{y_l})), β " +
      `${D.cpo.beta}, with z the logits, y the label and y_l the best-scoring wrong class); the other rows change what their recipe names ` +
      "(another loss, `+ augment`, a teacher), each loss with its default options (`@llmnist/cpo-loss`), all else as the paper.",
    "− our ce: mean best minus that of the same preset's `ce (paper protocol)` row with the same epochs and images (– when there is none); " +
      "− paper ce: mean best minus the paper's cross-entropy value for the preset (Table 6-1).",
    ...[...losses].filter((l) => LOSS_NOTES[l] !== undefined).sort((a, b) => lossRank(a) - lossRank(b)).map((l) => LOSS_NOTES[l]!),
    ...(groups.some((g) => g.augmented)
      ? [
          "+ augment: `llmnist train --augment`, every training image distorted anew at every step with `DEFAULT_AUGMENT` of `@llmnist/mnist-data` " +
            `(${augmentRecipe()}), seeded by the run's seed, the step and the image's place in the batch; test images never are.`,
        ]
      : []),
    ...(groups.some((g) => g.distillation !== undefined)
      ? [`← P (KD): distilled from a P teacher as the KD rows of Table 6-1 (T ${KD_DEFAULTS.temperature}, w ${KD_DEFAULTS.weight}; other values are shown).`]
      : []),
    "Drawn digits %: accuracy of the run's best.safetensors on the 2,000 held-out pictures of `results/drawn-digits` " +
      "(digits rendered from handwriting fonts and drawn as pen strokes, off centre, rotated, thin or thick, either polarity; never trained on), " +
      "from the run's drawn-digits.json (`llmnist eval --by part,polarity --json`, written by repro:tables); " +
      "mean ± std over the runs that have one, (k of n) when only k of the n runs have.",
  ];
}

/**
 * The "Loss variants and augmentation" table as Markdown, with its notes: per preset that has runs
 * beyond the paper's tables (another loss, or augmented images), first its ce and cpo rows of the
 * paper's protocol (ce: the baseline of "− our ce"), then each other group of runs: plain before
 * augmented, by loss, plain before distilled. "" when no run is beyond the paper. Pure: the same
 * records give the same text.
 */
export function buildBeyondTable(records: readonly RunRecord[], paper: PaperAccuracy, presetOrder: readonly string[] = []): string {
  const beyondPresets = new Set(records.filter((r) => !isPaperRow(r)).map((r) => r.preset));
  if (beyondPresets.size === 0) return "";
  const groups = groupRuns(
    records.filter((r) => beyondPresets.has(r.preset)),
    presetOrder,
  );
  const presets = [...new Set(groups.map((g) => g.preset))];
  const shown: RunGroup[] = [];
  const lines: string[] = [];
  for (const preset of presets) {
    const own = groups.filter((g) => g.preset === preset);
    const others = own.filter((g) => !isPaperRow(g)).sort((a, b) => Number(a.augmented) - Number(b.augmented) || lossRank(a.loss) - lossRank(b.loss) || a.loss.localeCompare(b.loss));
    const ces = own.filter((g) => isPaperRecipe(g, "ce"));
    for (const g of [...ces, ...own.filter((g) => isPaperRecipe(g, "cpo")), ...others]) {
      const ours = ces.find(
        (c) => c.epochsDone === g.epochsDone && c.epochsPlanned === g.epochsPlanned && c.partial === g.partial && c.trainImages === g.trainImages && c.testImages === g.testImages,
      );
      lines.push(row(beyondRow(g, ours, paper)));
      shown.push(g);
    }
  }
  return (
    [
      `### ${BEYOND_TITLE} (${presets.join(", ")})`,
      "",
      row(HEADER),
      `|${HEADER.map(() => "---").join("|")}|`,
      ...lines,
      "",
      ...notes(shown).map((n) => `- ${n}`),
    ].join("\n") + "\n"
  );
}
