import { existsSync } from "node:fs";
import { writeFileAtomic } from "@llmnist/safetensors/node";
import { confusionMatrixSvg, type Evaluation } from "@llmnist/train";
import { activateBackend } from "../backend.js";
import { UsageError, type Command } from "../command.js";
import { parseFlags } from "../args/parse-flags.js";
import { optionalIntFlag } from "../args/values.js";
import { loadTestSet } from "../data/test-set.js";
import { evaluatePictures } from "../eval/evaluate-pictures.js";
import { evaluateWithProgress } from "../eval/evaluate-with-progress.js";
import { evaluationJson, formatEvaluation } from "../eval/format-evaluation.js";
import { formatGroups, groupsJson } from "../eval/format-groups.js";
import { readPictureMeta } from "../eval/picture-meta.js";
import { readPictureSet } from "../eval/picture-set.js";
import { loadModelFile } from "../model/load-model.js";
import { MODEL_FLAG_HELP, MODEL_FLAG_SPECS, modelFlags } from "./model-flags.js";

const usage = `usage: llmnist eval --checkpoint FILE [--json] [--confusion-svg FILE] [options]
       llmnist eval --checkpoint FILE --images IDX --labels IDX [--meta FILE --by FIELD,...] [options]

Accuracy, per-class accuracy and the confusion matrix on the MNIST test set (10,000 images),
or on labelled pictures of your own (--images, --labels), each brought to MNIST form the way
\`llmnist predict\` brings a PNG (polarity from the border, crop the ink, longer side to 20 px,
centre of mass at the centre). FILE may be a model from \`llmnist train\` (model.safetensors,
best.safetensors; any preset, mixture-of-experts ones included), a training
checkpoint.safetensors, or PyTorch-layout weights of the reference implementation.

  --checkpoint FILE    the weights to evaluate (required)
  --json               print one JSON object instead of the report
  --confusion-svg FILE also draw the confusion matrix as an SVG picture
  --limit N            only the first N test images (or pictures)
  --images IDX         uint8 IDX file of N pictures, N x height x width, any size, dark on light
                       or light on dark (plain or gzip), e.g. results/drawn-digits/drawn-digits-images-idx3-ubyte.gz
  --labels IDX         uint8 IDX file of their N digits
  --meta FILE          JSON with one record per picture (a list, or {"pictures": [...]}), e.g.
                       results/drawn-digits/meta.json; with --by, accuracy per value of each field
  --by FIELD,...       the record fields to break accuracy down by, e.g. part,font
${MODEL_FLAG_HELP}

example: llmnist eval --checkpoint runs/0.21M-ce-seed6737151/best.safetensors --confusion-svg confusion.svg
example: llmnist eval --checkpoint apps/cli/assets/default-0.21M-ce-aug.safetensors \\
  --images results/drawn-digits/drawn-digits-images-idx3-ubyte.gz \\
  --labels results/drawn-digits/drawn-digits-labels-idx1-ubyte.gz \\
  --meta results/drawn-digits/meta.json --by part,face`;

export const evalCommand: Command = {
  name: "eval",
  summary: "accuracy, per-class accuracy and confusion matrix on the MNIST test set or on your own pictures",
  usage,
  async run(argv) {
    const { values } = parseFlags(argv, {
      ...MODEL_FLAG_SPECS,
      json: { type: "boolean", default: false },
      "confusion-svg": { type: "string" },
      limit: { type: "string" },
      images: { type: "string" },
      labels: { type: "string" },
      meta: { type: "string" },
      by: { type: "string" },
    });
    if (values.checkpoint === undefined) throw new UsageError("--checkpoint FILE is required");
    const { load, backend } = modelFlags(values);
    const limit = optionalIntFlag("--limit", values.limit, 1);
    const pictures = picturesFlags(values);
    await activateBackend(backend);
    const loaded = await loadModelFile(values.checkpoint, load);
    process.stderr.write(loaded.description + "\n");

    let evaluation: Evaluation;
    let report: Record<string, unknown> = { checkpoint: values.checkpoint, preset: loaded.preset };
    let text = "";
    if (pictures === undefined) {
      evaluation = await evaluateWithProgress(loaded.model, await loadTestSet(limit, "--limit"));
    } else {
      const set = await readPictureSet(pictures.images, pictures.labels);
      if (limit !== undefined && limit > set.count) throw new UsageError(`--limit ${limit} is more than the ${set.count} pictures of ${pictures.images}`);
      const meta = pictures.meta === undefined ? undefined : { records: await readPictureMeta(pictures.meta, set.count), path: pictures.meta, by: pictures.by };
      const result = await evaluatePictures(loaded.model, set, { ...(limit === undefined ? {} : { limit }), ...(meta === undefined ? {} : { meta }) });
      evaluation = result.evaluation;
      report = { ...report, images: pictures.images, labels: pictures.labels };
      const by = Object.fromEntries([...result.groups].map(([field, groups]) => [field, groupsJson(groups)]));
      if (result.groups.size > 0) report.by = by;
      text = [...result.groups].map(([field, groups]) => "\n\n" + formatGroups(field, groups)).join("");
    }

    if (values["confusion-svg"] !== undefined) {
      const title = `ViT ${loaded.preset}: ${values.checkpoint}` + (pictures === undefined ? "" : ` on ${pictures.images}`);
      await writeFileAtomic(values["confusion-svg"], confusionMatrixSvg(evaluation.confusion, { title }));
      process.stderr.write(`confusion matrix picture: ${values["confusion-svg"]}\n`);
    }
    if (values.json) {
      const { by, ...rest } = report;
      process.stdout.write(JSON.stringify({ ...rest, ...evaluationJson(evaluation), ...(by === undefined ? {} : { by }) }) + "\n");
    } else {
      process.stdout.write(formatEvaluation(evaluation) + text + "\n");
    }
    return 0;
  },
};

/** The checked --images/--labels/--meta/--by flags; undefined for the MNIST test set. */
function picturesFlags(values: { images?: string | undefined; labels?: string | undefined; meta?: string | undefined; by?: string | undefined }) {
  const { images, labels, meta } = values;
  if (images === undefined && labels === undefined) {
    if (meta !== undefined || values.by !== undefined) throw new UsageError("--meta and --by go with --images and --labels");
    return undefined;
  }
  if (images === undefined || labels === undefined) throw new UsageError("--images IDX and --labels IDX go together: give both");
  if ((meta === undefined) !== (values.by === undefined)) throw new UsageError("--meta FILE and --by FIELD,... go together: give both");
  const by = values.by === undefined ? [] : values.by.split(",").map((f) => f.trim());
  if (by.some((f) => f === "")) throw new UsageError(`--by must be field names separated by commas, got ${JSON.stringify(values.by)}`);
  const missing = [images, labels, ...(meta === undefined ? [] : [meta])].filter((f) => !existsSync(f));
  if (missing.length > 0) throw new UsageError(`file not found: ${missing.join(", ")}`);
  return { images, labels, meta, by };
}
