import type { CheckedGroundTruth } from "./checked.js";
import { CocoFormatError, isRecord, shownValue } from "./format-error.js";
import { readBbox, readId } from "./check-fields.js";

/**
 * Validates a parsed COCO ground-truth JSON (`{ images, annotations, categories }`); errors name
 * `source` (e.g. the file) and the field, e.g. `gt.json: annotations[3].bbox: expected 4 finite
 * numbers [x, y, width, height], got [1,2,3]`.
 */
export function checkGroundTruth(json: unknown, source = "ground truth"): CheckedGroundTruth {
  const fail = (where: string, message: string): never => {
    throw new CocoFormatError(`${source}: ${where}${message}`);
  };
  if (!isRecord(json)) fail("", `expected a COCO ground-truth object { images, annotations, categories }, got ${shownValue(json)}`);
  const root = json as Record<string, unknown>;
  const list = (key: string): unknown[] => {
    const value = root[key];
    if (!Array.isArray(value)) fail(key, `: expected an array, got ${shownValue(value)}`);
    return value as unknown[];
  };
  const images = list("images");
  const annotations = list("annotations");
  const categories = list("categories");

  const imageIdSet = new Set<number>();
  images.forEach((image, i) => {
    const where = `images[${i}]`;
    if (!isRecord(image)) fail(where, `: expected an object {id, width, height}, got ${shownValue(image)}`);
    const id = readId(image as Record<string, unknown>, "id", where, fail);
    if (imageIdSet.has(id)) fail(`${where}.id`, `: image id ${id} appears twice`);
    imageIdSet.add(id);
  });
  const imageIds = [...imageIdSet].sort((a, b) => a - b);

  const names = new Map<number, string>();
  categories.forEach((category, i) => {
    const where = `categories[${i}]`;
    if (!isRecord(category)) fail(where, `: expected an object {id, name}, got ${shownValue(category)}`);
    const record = category as Record<string, unknown>;
    const id = readId(record, "id", where, fail);
    if (names.has(id)) fail(`${where}.id`, `: category id ${id} appears twice`);
    const name = record.name;
    if (name !== undefined && typeof name !== "string") fail(`${where}.name`, `: expected a string, got ${shownValue(name)}`);
    names.set(id, (name as string | undefined) ?? String(id));
  });
  const categoryIds = [...names.keys()].sort((a, b) => a - b);
  const imageIndexById = new Map(imageIds.map((id, i) => [id, i]));
  const categoryIndexById = new Map(categoryIds.map((id, k) => [id, k]));

  const count = annotations.length;
  const checked: CheckedGroundTruth["annotations"] = {
    count,
    id: new Float64Array(count),
    imageIndex: new Int32Array(count),
    categoryIndex: new Int32Array(count),
    bbox: new Float64Array(count * 4),
    area: new Float64Array(count),
    crowd: new Uint8Array(count),
  };
  const annotationIds = new Set<number>();
  annotations.forEach((annotation, i) => {
    const where = `annotations[${i}]`;
    if (!isRecord(annotation)) fail(where, `: expected an object {id, image_id, category_id, bbox, area, iscrowd}, got ${shownValue(annotation)}`);
    const record = annotation as Record<string, unknown>;
    const id = readId(record, "id", where, fail);
    // pycocotools stores matches by annotation id and reads id 0 as "no match".
    if (id === 0) fail(`${where}.id`, `: annotation ids must not be 0 (pycocotools reads a match to id 0 as no match); number them from 1`);
    if (annotationIds.has(id)) fail(`${where}.id`, `: annotation id ${id} appears twice`);
    annotationIds.add(id);
    const imageId = readId(record, "image_id", where, fail);
    const imageIndex = imageIndexById.get(imageId);
    if (imageIndex === undefined) fail(`${where}.image_id`, `: image ${imageId} is not in images`);
    const categoryId = readId(record, "category_id", where, fail);
    const categoryIndex = categoryIndexById.get(categoryId);
    if (categoryIndex === undefined) fail(`${where}.category_id`, `: category ${categoryId} is not in categories`);
    readBbox(record.bbox, `${where}.bbox`, fail, checked.bbox, i);
    const area = record.area;
    if (typeof area !== "number" || !Number.isFinite(area) || area < 0) fail(`${where}.area`, `: expected a finite number >= 0 (the object's area in square pixels), got ${shownValue(area)}`);
    const crowd = record.iscrowd ?? 0;
    if (crowd !== 0 && crowd !== 1 && crowd !== true && crowd !== false) fail(`${where}.iscrowd`, `: expected 0 or 1, got ${shownValue(crowd)}`);
    checked.id[i] = id;
    checked.imageIndex[i] = imageIndex!;
    checked.categoryIndex[i] = categoryIndex!;
    checked.area[i] = area as number;
    checked.crowd[i] = crowd === 1 || crowd === true ? 1 : 0;
  });
  return {
    imageIds,
    categoryIds,
    categoryNames: categoryIds.map((id) => names.get(id)!),
    annotations: checked,
    imageIndexById,
    categoryIndexById,
  };
}
