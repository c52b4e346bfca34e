import { CocoFormatError, evaluateCoco, formatCocoSummary, type CocoDetection, type CocoEvaluation, type CocoGroundTruth } from "@llmnist/detect";
import { readCocoJson } from "@llmnist/detect/node";
import { UsageError, type Command } from "../command.js";
import { parseFlags } from "../args/parse-flags.js";

const usage = `usage: llmnist detect-eval --ground-truth GT.json --detections DETS.json [--json]

COCO bbox evaluation of detections against ground truth, the numbers pycocotools' COCOeval
computes (IoU 0.50:0.05:0.95, 101-point interpolated precision, areas small / medium / large,
1 / 10 / 100 detections per image, crowd regions): AP, AP50, AP75, AP by area, AR@1/10/100,
AR by area, and AP per category. -1 where there is no ground truth to measure against.

  --ground-truth FILE  COCO ground truth: {images: [{id}], annotations: [{id, image_id,
                       category_id, bbox: [x, y, w, h], area, iscrowd}], categories: [{id, name}]}
  --detections FILE    COCO results: [{image_id, category_id, bbox: [x, y, w, h], score}]
  --json               print one JSON object: map, map_50, map_75, map_small, map_medium,
                       map_large, mar_1, mar_10, mar_100, mar_small, mar_medium, mar_large,
                       per_class: [{category_id, name, ap, ap50}]

example: llmnist detect-eval --ground-truth canvases/test.json --detections dets.json --json`;

export const detectEvalCommand: Command = {
  name: "detect-eval",
  summary: "COCO mAP of detections against ground truth (as pycocotools)",
  usage,
  async run(argv) {
    const { values } = parseFlags(argv, {
      "ground-truth": { type: "string" },
      detections: { type: "string" },
      json: { type: "boolean", default: false },
    });
    const gtPath = values["ground-truth"];
    const detsPath = values.detections;
    if (gtPath === undefined) throw new UsageError("--ground-truth FILE is required");
    if (detsPath === undefined) throw new UsageError("--detections FILE is required");
    let result: CocoEvaluation;
    let counts: string;
    try {
      const [groundTruth, detections] = await Promise.all([readCocoJson(gtPath), readCocoJson(detsPath)]);
      result = evaluateCoco(groundTruth as CocoGroundTruth, detections as CocoDetection[], { source: { groundTruth: gtPath, detections: detsPath } });
      const gt = groundTruth as CocoGroundTruth;
      counts = `${gt.images.length} images, ${gt.annotations.length} objects, ${gt.categories.length} categories; ${(detections as unknown[]).length} detections`;
    } catch (error) {
      // Bad files are the caller's mistake: a message naming the file and field, exit code 2.
      if (error instanceof CocoFormatError) throw new UsageError(error.message);
      throw error;
    }
    if (values.json) {
      const perClass = result.perClass.map((c) => ({ category_id: c.categoryId, name: c.name, ap: c.ap, ap50: c.ap50 }));
      process.stdout.write(JSON.stringify({ ...result.stats, per_class: perClass }) + "\n");
      return 0;
    }
    const nameWidth = Math.max(8, ...result.perClass.map((c) => c.name.length));
    const lines = [
      counts,
      formatCocoSummary(result.stats),
      "",
      `${"category".padEnd(nameWidth)}  ${"id".padStart(6)}  AP@[.5:.95]  AP@.5`,
      ...result.perClass.map((c) => `${c.name.padEnd(nameWidth)}  ${String(c.categoryId).padStart(6)}  ${c.ap.toFixed(3).padStart(11)}  ${c.ap50.toFixed(3).padStart(5)}`),
    ];
    process.stdout.write(lines.join("\n") + "\n");
    return 0;
  },
};
