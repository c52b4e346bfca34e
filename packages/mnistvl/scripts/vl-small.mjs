// Train + evaluate a from-scratch MnistVL preset (resumable), from the repository root:
//   node packages/mnistvl/scripts/vl-small.mjs [preset] [outDir] [--max-steps N] [--epochs N] [--eval-limit N]
// Overrides for experiments: --image-tokens K --proj-hidden H --patch P --layers L --elastic-alpha A.
// The same as `llmnist vl-train --preset <preset>` once the CLI is wired; kept here so a run needs only this package.
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { describeBackend, selectBackend } from "@llmnist/train";
import { getMnistVLPreset, loadQwenTokenizer, runScratchPreset } from "../dist/index.js";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { "max-steps": { type: "string" }, epochs: { type: "string" }, "eval-limit": { type: "string" }, "image-tokens": { type: "string" }, layers: { type: "string" }, "proj-hidden": { type: "string" }, patch: { type: "string" }, "elastic-alpha": { type: "string" }, "no-augment": { type: "boolean" }, batch: { type: "string" }, rotation: { type: "string" } },
});
const presetName = positionals[0] ?? "qwen2-small-scratch";
// Default: results/mnistvl/<preset> at the repository root, wherever this is run from.
const outDir = positionals[1] ?? fileURLToPath(new URL(`../../../results/mnistvl/${presetName}`, import.meta.url));
const preset = getMnistVLPreset(presetName);
if (values.epochs) preset.training.epochs = Number(values.epochs);
if (values["image-tokens"]) preset.spec.projector.imageTokens = Number(values["image-tokens"]);
if (values.patch) preset.spec.projector = { kind: "patch", patchSize: Number(values.patch), hiddenSize: preset.spec.projector.hiddenSize };
if (values["proj-hidden"]) preset.spec.projector.hiddenSize = Number(values["proj-hidden"]);
if (values["elastic-alpha"]) preset.training.augment = { ...preset.training.augment, elasticAlpha: Number(values["elastic-alpha"]) };
if (values.batch) preset.training.batchSize = Number(values.batch);
if (values.rotation) preset.training.augment = { ...preset.training.augment, maxRotationDeg: Number(values.rotation) };
if (values["no-augment"]) preset.training.augment = null;
if (values.layers) preset.spec.lm.numHiddenLayers = Number(values.layers);
const choice = await selectBackend({ prefer: "wasm" });
const log = (line) => console.log(`[${new Date().toISOString()}] ${line}`);
log(describeBackend(choice));
log(`preset ${presetName}: ${JSON.stringify(preset.spec.projector)} lm ${JSON.stringify(preset.spec.lm)} training ${JSON.stringify(preset.training)}`);
const tokenizer = await loadQwenTokenizer();
const result = await runScratchPreset({
  preset,
  tokenizer,
  outDir,
  command: `node packages/mnistvl/scripts/vl-small.mjs ${process.argv.slice(2).join(" ")}`.trim(),
  backend: describeBackend(choice),
  log,
  maxSteps: values["max-steps"] ? Number(values["max-steps"]) : undefined,
  evalLimit: values["eval-limit"] ? Number(values["eval-limit"]) : undefined,
});
if (result) log(`done: ${result.accuracy.toFixed(2)}%`);
