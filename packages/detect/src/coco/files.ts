import { readFile } from "node:fs/promises";
import { evaluateCoco, type CocoEvaluation } from "./evaluate.js";
import { CocoFormatError } from "./format-error.js";
import type { CocoDetection, CocoGroundTruth } from "./types.js";

/** A JSON file parsed; a missing file or bad JSON is a CocoFormatError naming the path. */
export async function readCocoJson(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new CocoFormatError(`${path}: cannot read it (${code === "ENOENT" ? "no such file" : code === "EISDIR" ? "a folder, not a file" : (error as Error).message})`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new CocoFormatError(`${path}: not valid JSON (${(error as Error).message})`);
  }
}

/** `evaluateCoco` on a ground-truth file and a results file; errors name the file and field. */
export async function evaluateCocoFiles(groundTruthPath: string, detectionsPath: string): Promise<CocoEvaluation> {
  const [groundTruth, detections] = await Promise.all([readCocoJson(groundTruthPath), readCocoJson(detectionsPath)]);
  return evaluateCoco(groundTruth as CocoGroundTruth, detections as CocoDetection[], {
    source: { groundTruth: groundTruthPath, detections: detectionsPath },
  });
}
