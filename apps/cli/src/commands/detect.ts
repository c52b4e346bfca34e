import { existsSync, readFileSync } from "node:fs";
import { mkdir, readFile } from "node:fs/promises";
import { basename, extname, join } from "node:path";
import { writeFileAtomic } from "@llmnist/safetensors/node";
import type { DecodeOptions, Detection } from "@llmnist/vit-detector";
import { loadVitDetector } from "@llmnist/vit-detector/node";
import { activateBackend, BACKEND_CHOICES } from "../backend.js";
import { UsageError, type Command } from "../command.js";
import { parseFlags } from "../args/parse-flags.js";
import { parseChoice, parseNumberFlag } from "../args/values.js";
import { decodePng } from "../image/decode-png.js";
import { detectPictures, readPicture, type LoadedPicture } from "../detect/detect-pictures.js";
import { drawDetections } from "../detect/draw-detections.js";
import { readGroundTruthImages } from "../detect/ground-truth-images.js";
import { DEFAULT_DETECTOR, DEFAULT_DETECTOR_INFO } from "../paths.js";

const usage = `usage: llmnist detect IMAGE.png... [--checkpoint FILE] [--json] [--draw DIR] [options]
       llmnist detect --ground-truth GT.json --detections-out DETS.json [options]

Finds every digit in each PNG (any size from 16 to 4096 px a side; dark ink on light paper or
light on dark, told apart by the border) with the ViT detector (@llmnist/vit-detector: 2-D
RoPE, grid head), in the picture's own pixels.

  --checkpoint FILE    a detector from llmnist detect-train (default: the bundled one,
                       assets/detector-vit.safetensors)
  --json               one JSON object per image and line: {"file", "width", "height",
                       "detections": [{"box": [x1, y1, x2, y2], "digit", "score"}]}
  --draw DIR           also write DIR/<name>.detections.png: the picture with labelled boxes
  --score-threshold S  keep detections scoring at least S (default 0.3)
  --nms-iou I          greedy NMS: drop a box overlapping a kept one by more than I (default 0.5)
  --soft-nms           Gaussian soft-NMS (sigma 0.5) instead: overlapping boxes lose score
  --max-detections N   per image (default 100)
  --ground-truth FILE  detect every image a COCO ground truth lists (file_name relative to it,
                       as llmnist detect-data writes) and write COCO results to
                       --detections-out, for llmnist detect-eval
  --backend NAME       ${BACKEND_CHOICES.join(" | ")} (default auto; LLMNIST_BACKEND overrides)

example: llmnist detect street-number.png --draw out/
         llmnist detect --ground-truth set/annotations.json --detections-out dets.json --score-threshold 0.01`;

export const detectCommand: Command = {
  name: "detect",
  summary: "find every digit in PNG pictures (boxes, digits, scores)",
  usage,
  async run(argv) {
    const { values, positionals } = parseFlags(
      argv,
      {
        checkpoint: { type: "string" },
        json: { type: "boolean", default: false },
        draw: { type: "string" },
        "score-threshold": { type: "string", default: "0.3" },
        "nms-iou": { type: "string", default: "0.5" },
        "soft-nms": { type: "boolean", default: false },
        "max-detections": { type: "string", default: "100" },
        "ground-truth": { type: "string" },
        "detections-out": { type: "string" },
        backend: { type: "string", default: "auto" },
      },
      true,
    );
    const decode = decodeFlags(values);
    const groundTruth = values["ground-truth"];
    if (groundTruth !== undefined && positionals.length > 0) throw new UsageError("give images or --ground-truth, not both");
    if (groundTruth !== undefined && values["detections-out"] === undefined) throw new UsageError("--ground-truth needs --detections-out FILE");
    if (groundTruth === undefined && values["detections-out"] !== undefined) throw new UsageError("--detections-out needs --ground-truth FILE");
    if (groundTruth === undefined && positionals.length === 0) throw new UsageError("give at least one PNG image (or --ground-truth GT.json)");
    const checkpoint = values.checkpoint ?? DEFAULT_DETECTOR;
    if (!existsSync(checkpoint)) {
      throw new UsageError(
        values.checkpoint === undefined
          ? `no --checkpoint given and the default detector is not installed (${DEFAULT_DETECTOR} is missing); train one with \`llmnist detect-train\``
          : `--checkpoint ${values.checkpoint}: no such file`,
      );
    }
    const backend = parseChoice("--backend", values.backend, BACKEND_CHOICES);

    const images = groundTruth === undefined ? positionals.map((file) => ({ file, id: 0 })) : readGroundTruthImages(groundTruth);
    const missing = images.filter((i) => !existsSync(i.file)).map((i) => i.file);
    if (missing.length > 0) throw new UsageError(`image not found: ${missing.slice(0, 5).join(", ")}${missing.length > 5 ? ` and ${missing.length - 5} more` : ""}`);
    const pictures: Array<LoadedPicture & { id: number }> = [];
    let failures = 0;
    for (const { file, id } of images) {
      try {
        pictures.push({ ...readPicture(await readFile(file), file), id });
      } catch (error) {
        failures++;
        process.stderr.write(`${(error as Error).message}\n`);
      }
    }
    if (groundTruth !== undefined && failures > 0) return 1; // a results file must cover every image
    if (pictures.length === 0) return 1;

    await activateBackend(backend);
    const model = await loadVitDetector(checkpoint);
    process.stderr.write(`detector: ${checkpoint} (${model.countParams().toLocaleString("en-US")} parameters)${describeInfo(values.checkpoint)}\n`);
    let detections: Detection[][];
    try {
      detections = detectPictures(model, pictures, decode);
    } finally {
      model.disposeWeights();
    }

    if (groundTruth !== undefined) {
      const results = pictures.flatMap((p, k) =>
        detections[k]!.map((d) => ({ image_id: p.id, category_id: d.digit, bbox: [d.box[0], d.box[1], d.box[2] - d.box[0], d.box[3] - d.box[1]].map(round3), score: round6(d.score) })),
      );
      await writeFileAtomic(values["detections-out"]!, JSON.stringify(results) + "\n");
      process.stderr.write(`${results.length} detections on ${pictures.length} images written to ${values["detections-out"]}\n`);
    }
    for (const [k, picture] of pictures.entries()) {
      const found = detections[k]!;
      if (values.draw !== undefined) {
        await mkdir(values.draw, { recursive: true });
        const out = join(values.draw, `${basename(picture.file, extname(picture.file))}.detections.png`);
        await writeFileAtomic(out, drawDetections(decodePng(await readFile(picture.file), picture.file), found));
      }
      if (groundTruth !== undefined) continue;
      if (values.json) {
        const list = found.map((d) => ({ box: d.box.map(round3), digit: d.digit, score: round6(d.score) }));
        process.stdout.write(JSON.stringify({ file: picture.file, width: picture.width, height: picture.height, detections: list }) + "\n");
      } else {
        const reading = [...found].sort((a, b) => a.box[0] - b.box[0]).map((d) => `${d.digit} (${d.score.toFixed(2)}) at [${d.box.map((v) => Math.round(v)).join(", ")}]`);
        process.stdout.write(`${picture.file}: ${found.length} digit${found.length === 1 ? "" : "s"}${reading.length > 0 ? ", left to right: " + reading.join("; ") : ""}\n`);
      }
    }
    return failures > 0 ? 1 : 0;
  },
};

function decodeFlags(values: Record<string, string | boolean | undefined>): Omit<DecodeOptions, "imageSizes"> {
  const scoreThreshold = parseNumberFlag("--score-threshold", String(values["score-threshold"]));
  if (!(scoreThreshold >= 0 && scoreThreshold <= 1)) throw new UsageError(`--score-threshold must be a number in [0, 1], got ${values["score-threshold"]}`);
  const nmsIou = parseNumberFlag("--nms-iou", String(values["nms-iou"]));
  if (!(nmsIou > 0 && nmsIou <= 1)) throw new UsageError(`--nms-iou must be a number in (0, 1], got ${values["nms-iou"]}`);
  const maxDetections = parseNumberFlag("--max-detections", String(values["max-detections"]));
  if (!Number.isInteger(maxDetections) || maxDetections < 1) throw new UsageError(`--max-detections must be a positive integer, got ${values["max-detections"]}`);
  return { scoreThreshold, nmsIou, maxDetections, ...(values["soft-nms"] ? { softNms: true } : {}) };
}

function describeInfo(given: string | undefined): string {
  if (given !== undefined || !existsSync(DEFAULT_DETECTOR_INFO)) return "";
  try {
    const info = JSON.parse(readFileSync(DEFAULT_DETECTOR_INFO, "utf8")) as { map?: number; map_50?: number; test_canvases?: number };
    return typeof info.map === "number" && typeof info.map_50 === "number" ? `, COCO AP ${info.map.toFixed(1)} / AP50 ${info.map_50.toFixed(1)} on ${info.test_canvases} test canvases` : "";
  } catch {
    return "";
  }
}

const round3 = (v: number): number => Math.round(v * 1000) / 1000;
const round6 = (v: number): number => Math.round(v * 1e6) / 1e6;
