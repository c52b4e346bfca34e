import type { CheckedDetections, CheckedGroundTruth } from "./checked.js";
import { readBbox, readId } from "./check-fields.js";
import { CocoFormatError, isRecord, shownValue } from "./format-error.js";

/**
 * Validates a parsed COCO results JSON (`[{ image_id, category_id, bbox, score }]`) against the
 * ground truth: every detection must name one of its images and categories. Errors name
 * `source` and the index, e.g. `dets.json: [12].bbox: expected 4 finite numbers ..., got [1,2,3]`.
 */
export function checkDetections(json: unknown, groundTruth: CheckedGroundTruth, source = "detections"): CheckedDetections {
  const fail = (where: string, message: string): never => {
    throw new CocoFormatError(`${source}: ${where}${message}`);
  };
  if (!Array.isArray(json)) fail("", `expected an array of detections [{image_id, category_id, bbox, score}], got ${shownValue(json)}`);
  const detections = json as unknown[];
  const count = detections.length;
  const checked: CheckedDetections = {
    count,
    imageIndex: new Int32Array(count),
    categoryIndex: new Int32Array(count),
    bbox: new Float64Array(count * 4),
    score: new Float64Array(count),
  };
  detections.forEach((detection, i) => {
    const where = `[${i}]`;
    if (!isRecord(detection)) fail(where, `: expected an object {image_id, category_id, bbox, score}, got ${shownValue(detection)}`);
    const record = detection as Record<string, unknown>;
    const imageId = readId(record, "image_id", where, fail);
    const imageIndex = groundTruth.imageIndexById.get(imageId);
    if (imageIndex === undefined) fail(`${where}.image_id`, `: image ${imageId} is not in the ground truth's images`);
    const categoryId = readId(record, "category_id", where, fail);
    const categoryIndex = groundTruth.categoryIndexById.get(categoryId);
    if (categoryIndex === undefined) fail(`${where}.category_id`, `: category ${categoryId} is not in the ground truth's categories`);
    readBbox(record.bbox, `${where}.bbox`, fail, checked.bbox, i);
    const score = record.score;
    if (typeof score !== "number" || !Number.isFinite(score)) fail(`${where}.score`, `: expected a finite number, got ${shownValue(score)}`);
    checked.imageIndex[i] = imageIndex!;
    checked.categoryIndex[i] = categoryIndex!;
    checked.score[i] = score as number;
  });
  return checked;
}
