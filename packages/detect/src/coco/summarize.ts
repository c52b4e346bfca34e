import type { Accumulated } from "./accumulate.js";
import { meanOfValid } from "./numpy-mean.js";
import { AREA_RANGES, IOU_THRESHOLDS, MAX_DETECTIONS, RECALL_THRESHOLDS, type AreaRange } from "./params.js";
import type { CocoClassAp, CocoStats } from "./types.js";

interface Slice {
  /** One IoU threshold (matched by value, as pycocotools does), or all of them. */
  iou?: number;
  area?: AreaRange["label"];
  maxDets?: number;
}

/** pycocotools' `_summarize`: the mean of the valid (> -1) precisions or recalls of one slice; -1 when none is valid. */
function summarizeSlice(accumulated: Accumulated, categoryCount: number, kind: "ap" | "ar", { iou, area = "all", maxDets = 100 }: Slice, categories?: number[]): number {
  const [R, K, A, M] = [RECALL_THRESHOLDS.length, categoryCount, AREA_RANGES.length, MAX_DETECTIONS.length];
  const ts = [...IOU_THRESHOLDS.keys()].filter((t) => iou === undefined || IOU_THRESHOLDS[t] === iou);
  const a = AREA_RANGES.findIndex((range) => range.label === area);
  const m = MAX_DETECTIONS.indexOf(maxDets as (typeof MAX_DETECTIONS)[number]);
  const ks = categories ?? [...Array(K).keys()];
  const values: number[] = [];
  // NumPy's order for s[t, r, k] (AP) and s[t, k] (AR), so the pairwise sum matches bit for bit.
  for (const t of ts) {
    if (kind === "ap") {
      for (let r = 0; r < R; r++) for (const k of ks) values.push(accumulated.precision[(((t * R + r) * K + k) * A + a) * M + m]!);
    } else {
      for (const k of ks) values.push(accumulated.recall[((t * K + k) * A + a) * M + m]!);
    }
  }
  return meanOfValid(Float64Array.from(values));
}

/** The 12 numbers of `COCOeval.summarize()` for bbox, in its order. */
export function summarize(accumulated: Accumulated, categoryCount: number): CocoStats {
  const at = (kind: "ap" | "ar", slice: Slice): number => summarizeSlice(accumulated, categoryCount, kind, slice);
  return {
    map: at("ap", {}),
    map_50: at("ap", { iou: 0.5 }),
    map_75: at("ap", { iou: 0.75 }),
    map_small: at("ap", { area: "small" }),
    map_medium: at("ap", { area: "medium" }),
    map_large: at("ap", { area: "large" }),
    mar_1: at("ar", { maxDets: 1 }),
    mar_10: at("ar", { maxDets: 10 }),
    mar_100: at("ar", {}),
    mar_small: at("ar", { area: "small" }),
    mar_medium: at("ar", { area: "medium" }),
    mar_large: at("ar", { area: "large" }),
  };
}

/** Each category's AP@[.5:.95] and AP@.5 (area all, 100 detections), as detectron2 reads them from `eval["precision"]`. */
export function perClassAp(accumulated: Accumulated, categoryIds: readonly number[], names: readonly string[]): CocoClassAp[] {
  return categoryIds.map((categoryId, k) => ({
    categoryId,
    name: names[k]!,
    ap: summarizeSlice(accumulated, categoryIds.length, "ap", {}, [k]),
    ap50: summarizeSlice(accumulated, categoryIds.length, "ap", { iou: 0.5 }, [k]),
  }));
}

/** The labels and slices of pycocotools' summary lines, in `CocoStats` order. */
const SUMMARY_LINES: ReadonlyArray<[keyof CocoStats, "ap" | "ar", Slice]> = [
  ["map", "ap", {}],
  ["map_50", "ap", { iou: 0.5 }],
  ["map_75", "ap", { iou: 0.75 }],
  ["map_small", "ap", { area: "small" }],
  ["map_medium", "ap", { area: "medium" }],
  ["map_large", "ap", { area: "large" }],
  ["mar_1", "ar", { maxDets: 1 }],
  ["mar_10", "ar", { maxDets: 10 }],
  ["mar_100", "ar", {}],
  ["mar_small", "ar", { area: "small" }],
  ["mar_medium", "ar", { area: "medium" }],
  ["mar_large", "ar", { area: "large" }],
];

/** The 12 lines pycocotools' `summarize()` prints, e.g. ` Average Precision  (AP) @[ IoU=0.50:0.95 | area=   all | maxDets=100 ] = 0.512`. */
export function formatCocoSummary(stats: CocoStats): string {
  return SUMMARY_LINES.map(([key, kind, { iou, area = "all", maxDets = 100 }]) => {
    const title = kind === "ap" ? "Average Precision  (AP)" : "Average Recall     (AR)";
    const iouText = (iou === undefined ? "0.50:0.95" : iou.toFixed(2)).padEnd(9);
    return ` ${title} @[ IoU=${iouText} | area=${area.padStart(6)} | maxDets=${String(maxDets).padStart(3)} ] = ${stats[key].toFixed(3)}`;
  }).join("\n");
}
