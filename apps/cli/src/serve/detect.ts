import type { DecodeOptions, Detection, VitDetector } from "@llmnist/vit-detector";
import { detectPictures, readPicture, type LoadedPicture } from "../detect/detect-pictures.js";
import { badRequest } from "./errors.js";
import { jsonType, requireObject } from "./fields.js";
import { decodePngField, imageFields } from "./images.js";

/** Most images one /v1/detect request may carry (each can be up to 4096 x 4096). */
export const MAX_DETECT_IMAGES = 16;

type DecodeSettings = Required<Pick<DecodeOptions, "scoreThreshold" | "nmsIou" | "maxDetections">> & { softNms: boolean };

/** `llmnist detect`'s defaults. */
export const DETECT_DEFAULTS: DecodeSettings = { scoreThreshold: 0.3, nmsIou: 0.5, maxDetections: 100, softNms: false };

/** One picture to detect on, with how to decode it. */
export interface DetectJob {
  picture: LoadedPicture;
  settings: DecodeSettings;
}

/** A /v1/detect answer for one picture: boxes in its own pixels. */
export interface DetectResult {
  width: number;
  height: number;
  detections: Array<{ box: number[]; digit: number; score: number }>;
}

export interface DetectRequest {
  jobs: DetectJob[];
  single: boolean;
}

/**
 * `{"image": ...}` or `{"images": [...]}` (base64 PNGs or data: URLs), with optional
 * `score_threshold`, `nms_iou`, `soft_nms` and `max_detections` (as llmnist detect's flags).
 */
export function parseDetectRequest(value: unknown, modelId: string): DetectRequest {
  const body = requireObject(value);
  if (body.model !== undefined && body.model !== null && body.model !== modelId) {
    throw badRequest(`model must be ${JSON.stringify(modelId)} (or left out), got ${JSON.stringify(body.model)}`, "model_not_found");
  }
  const settings: DecodeSettings = {
    scoreThreshold: numberIn(body.score_threshold, "score_threshold", DETECT_DEFAULTS.scoreThreshold, 0, 1, false),
    nmsIou: numberIn(body.nms_iou, "nms_iou", DETECT_DEFAULTS.nmsIou, 0, 1, true),
    maxDetections: integerIn(body.max_detections, "max_detections", DETECT_DEFAULTS.maxDetections, 1, 1000),
    softNms: booleanField(body.soft_nms, "soft_nms", DETECT_DEFAULTS.softNms),
  };
  const { items, single } = imageFields(body, MAX_DETECT_IMAGES, (value, field) => decodePngField(value, field, (bytes) => readPicture(bytes, field)));
  return { jobs: items.map((picture) => ({ picture, settings })), single };
}

/**
 * The batch runner of /v1/detect: pictures of one size and the same decode settings share a
 * forward pass (detectPictures); answers come back in job order.
 */
export function detectJobs(model: VitDetector): (jobs: DetectJob[]) => DetectResult[] {
  return (jobs) => {
    const results: DetectResult[] = new Array(jobs.length);
    const groups = new Map<string, number[]>();
    jobs.forEach((job, i) => {
      const key = JSON.stringify(job.settings);
      const list = groups.get(key);
      if (list) list.push(i);
      else groups.set(key, [i]);
    });
    for (const indices of groups.values()) {
      const { softNms, ...decode } = jobs[indices[0]!]!.settings;
      const found = detectPictures(model, indices.map((i) => jobs[i]!.picture), { ...decode, ...(softNms ? { softNms: true } : {}) }, jobs.length);
      indices.forEach((i, k) => (results[i] = asResult(jobs[i]!.picture, found[k]!)));
    }
    return results;
  };
}

const round = (v: number, digits: number): number => Math.round(v * 10 ** digits) / 10 ** digits;

function asResult(picture: LoadedPicture, detections: Detection[]): DetectResult {
  return {
    width: picture.width,
    height: picture.height,
    detections: detections.map((d) => ({ box: d.box.map((v) => round(v, 3)), digit: d.digit, score: round(d.score, 6) })),
  };
}

function numberIn(value: unknown, field: string, fallback: number, lo: number, hi: number, openLow: boolean): number {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value) || value > hi || (openLow ? value <= lo : value < lo)) {
    throw badRequest(`${field} must be a number in ${openLow ? "(" : "["}${lo}, ${hi}], got ${typeof value === "number" ? value : jsonType(value)}`, typeof value === "number" ? "invalid_value" : "invalid_type");
  }
  return value;
}

function integerIn(value: unknown, field: string, fallback: number, lo: number, hi: number): number {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== "number" || !Number.isInteger(value) || value < lo || value > hi) {
    throw badRequest(`${field} must be an integer in [${lo}, ${hi}], got ${typeof value === "number" ? value : jsonType(value)}`, typeof value === "number" ? "invalid_value" : "invalid_type");
  }
  return value;
}

function booleanField(value: unknown, field: string, fallback: boolean): boolean {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== "boolean") throw badRequest(`${field} must be true or false, got ${jsonType(value)}`, "invalid_type");
  return value;
}
