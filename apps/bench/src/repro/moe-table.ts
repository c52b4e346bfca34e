import { formatDuration } from "@llmnist/train/internal";
import { mean } from "../shared/stats.js";
import { formatCount, type RunRecord } from "./run-record.js";
import { epochsLabel, groupRuns, meanStd, presetLabel, type RunGroup } from "./table.js";

/** The heading of the mixture-of-experts section, inside "Beyond the paper" (tables.md's level; one deeper in the README). */
export const MOE_HEADING = "### Mixture-of-experts MLP";

const HEADER = [
  "preset",
  "loss",
  "params total / active",
  "experts",
  "epochs",
  "train / test images",
  "seeds",
  "best acc %",
  "final acc %",
  "train img/s",
  "wall time / run",
  "expert load % (min–max)",
  "aux loss",
  "backend",
];

const percent = (fraction: number): string => (100 * fraction).toFixed(1);

/** Mean of the values that are there; undefined when none is. */
function meanOf(values: ReadonlyArray<number | undefined>): number | undefined {
  const present = values.filter((v): v is number => v !== undefined);
  return present.length === 0 ? undefined : mean(present);
}

/** "4.2–61.0": the least and most loaded expert over the values (percent); "–" when there are none. */
function loadRange(fractions: readonly number[]): string {
  return fractions.length === 0 ? "–" : `${percent(Math.min(...fractions))}–${percent(Math.max(...fractions))}`;
}

/** Every run's load fractions of `layer` (all layers when undefined). */
function fractionsOf(g: RunGroup, layer?: number): number[] {
  return g.runs.flatMap((r) => (r.moe?.load ?? []).filter((_, i) => layer === undefined || i === layer).flat());
}

/** One row of the main table. */
export function moeGroupRow(g: RunGroup): string[] {
  const first = g.runs.find((r) => r.moe !== undefined)?.moe;
  const params = g.runs.find((r) => r.params !== undefined)?.params;
  const active = first?.paramsActive;
  const rate = meanOf(g.runs.map((r) => r.moe?.trainImagesPerSecond));
  const aux = meanOf(g.runs.map((r) => r.moe?.trainAuxLoss));
  const backends = [...new Set(g.runs.map((r) => r.backend).filter((b): b is string => b !== undefined))];
  return [
    presetLabel(g).replace(/\|/g, "\\|"),
    g.loss,
    `${params === undefined ? "–" : formatCount(params)} / ${active === undefined ? "–" : formatCount(active)}`,
    first === undefined ? "–" : `${first.experts}, top-${first.topK}`,
    epochsLabel(g),
    `${formatCount(g.trainImages)} / ${formatCount(g.testImages)}`,
    String(g.runs.length),
    meanStd(g.runs.map((r) => r.bestAccuracy)),
    meanStd(g.runs.map((r) => r.finalAccuracy)),
    rate === undefined ? "–" : rate.toFixed(0),
    formatDuration(mean(g.runs.map((r) => r.wallSeconds))),
    loadRange(fractionsOf(g)),
    aux === undefined ? "–" : aux.toFixed(4),
    backends.length === 0 ? "–" : backends.join(", "),
  ];
}

const row = (cells: readonly string[]): string => `| ${cells.join(" | ")} |`;
const rule = (columns: number): string => `|${new Array<string>(columns).fill("---").join("|")}|`;

/** Per layer: the least and most loaded expert over the group's seeds (finished runs only). */
function layerTable(groups: readonly RunGroup[]): string[] {
  const withLoad = groups.filter((g) => g.runs.some((r) => r.moe?.load !== undefined));
  if (withLoad.length === 0) return [];
  const layers = Math.max(...withLoad.flatMap((g) => g.runs.map((r) => r.moe?.load?.length ?? 0)));
  const header = ["preset", "loss", "epochs", "seeds", ...Array.from({ length: layers }, (_, i) => `layer ${i}`)];
  return [
    "",
    "Expert load per layer: % of the layer's token assignments, least – most loaded expert over the seeds " +
      "(the best model on the test images; an even spread gives every expert 100 / experts %).",
    "",
    row(header),
    rule(header.length),
    ...withLoad.map((g) =>
      row([
        presetLabel(g).replace(/\|/g, "\\|"),
        g.loss,
        epochsLabel(g),
        String(g.runs.filter((r) => r.moe?.load !== undefined).length),
        ...Array.from({ length: layers }, (_, i) => loadRange(fractionsOf(g, i))),
      ]),
    ),
  ];
}

/**
 * The mixture-of-experts runs' section as Markdown: one table over every preset and loss (a row
 * per group of runs, averaged over seeds) and the expert load per layer; "" when there are none.
 * Pure: the same records give the same text.
 */
export function buildMoETables(records: readonly RunRecord[], presetOrder: readonly string[] = []): string {
  if (records.length === 0) return "";
  const groups = groupRuns(records, presetOrder);
  return [MOE_HEADING, "", row(HEADER), rule(HEADER.length), ...groups.map((g) => row(moeGroupRow(g))), ...layerTable(groups)].join("\n") + "\n";
}
