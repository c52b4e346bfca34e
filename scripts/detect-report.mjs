#!/usr/bin/env node
// Evaluates a detector on the fixed synthetic test set and writes results/detect/test-set/:
// the set's COCO ground truth (annotations.json; its PNGs are remade by the same command), the
// COCO numbers with greedy NMS and with soft-NMS (eval-*.json), a picture of detections
// (detections.png) and README.md with every command. Runs the built CLI (pnpm build first).
// Usage: node scripts/detect-report.mjs [--checkpoint FILE] [--count N] [--work DIR]
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { PNG } from "pngjs";

const root = new URL("..", import.meta.url).pathname;
const flag = (name, fallback) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? process.argv[at + 1] : fallback;
};
const checkpoint = flag("checkpoint", join(root, "apps/cli/assets/detector-vit.safetensors"));
const count = Number(flag("count", "1000"));
const work = flag("work", "/tmp/llmnist-detect-test-set");
const out = join(root, "results/detect/test-set");
const cli = join(root, "apps/cli/bin/llmnist.mjs");
const SIZES = "96x96,128x128,160x128,192x160,256x256";
const SEED = "2027";


// The detector's training run (its summary.json beside it): the canvas sizes it trained on.
const summary = JSON.parse(readFileSync(checkpoint.replace(/\.safetensors$/, ".json"), "utf8"));
// The run's folder (its README tells how it was trained, and from which detector).
const runDir = /--out (\S+)/.exec(summary.command ?? "")?.[1];
const TRAINED_SIZES = /--sizes (\S+)/.exec(summary.command ?? "")?.[1]?.split(",") ?? ["128x128"];

const write = (path, text) => {
  writeFileSync(`${path}.tmp`, text);
  renameSync(`${path}.tmp`, path);
};
const llmnist = (args) => {
  process.stderr.write(`llmnist ${args.join(" ")}\n`);
  return execFileSync(process.execPath, [cli, ...args], { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], maxBuffer: 1 << 28 });
};
const shown = (args) => `pnpm llmnist ${args.map((a) => a.replace(root, "").replace(/^\//, "")).join(" ")}`;

mkdirSync(out, { recursive: true });
rmSync(join(work, "set"), { recursive: true, force: true });
const dataArgs = ["detect-data", "--out", join(work, "set"), "--split", "test", "--count", String(count), "--sizes", SIZES, "--seed", SEED];
llmnist(dataArgs);
const gt = join(work, "set", "annotations.json");
copyFileSync(gt, join(out, "annotations.json"));

const variants = [
  { name: "nms", label: "greedy NMS (IoU 0.5)", extra: [] },
  { name: "soft-nms", label: "Gaussian soft-NMS (sigma 0.5)", extra: ["--soft-nms"] },
];
const evaluations = {};
const commands = [shown(dataArgs)];
for (const v of variants) {
  const dets = join(work, `detections-${v.name}.json`);
  const detectArgs = ["detect", "--ground-truth", gt, "--detections-out", dets, "--checkpoint", checkpoint, "--score-threshold", "0.01", ...v.extra];
  const started = performance.now();
  llmnist(detectArgs);
  const seconds = (performance.now() - started) / 1000;
  const evalArgs = ["detect-eval", "--ground-truth", gt, "--detections", dets, "--json"];
  const result = JSON.parse(llmnist(evalArgs));
  evaluations[v.name] = { ...result, seconds };
  write(join(out, `eval-${v.name}.json`), JSON.stringify(result, null, 2) + "\n");
  commands.push(shown(detectArgs), `${shown(evalArgs)} > results/detect/test-set/eval-${v.name}.json`);
}

// Per canvas size (greedy NMS): where the detector is weak, e.g. sizes it never trained on.
const gtAll = JSON.parse(readFileSync(gt, "utf8"));
const nmsDetections = JSON.parse(readFileSync(join(work, "detections-nms.json"), "utf8"));
const bySize = [];
for (const size of SIZES.split(",")) {
  const ids = new Set(gtAll.images.filter((i) => `${i.width}x${i.height}` === size).map((i) => i.id));
  const subsetGt = join(work, `annotations-${size}.json`);
  const subsetDets = join(work, `detections-nms-${size}.json`);
  write(subsetGt, JSON.stringify({ ...gtAll, images: gtAll.images.filter((i) => ids.has(i.id)), annotations: gtAll.annotations.filter((a) => ids.has(a.image_id)) }));
  write(subsetDets, JSON.stringify(nmsDetections.filter((d) => ids.has(d.image_id))));
  bySize.push({ size, canvases: ids.size, ...JSON.parse(llmnist(["detect-eval", "--ground-truth", subsetGt, "--detections", subsetDets, "--json"])) });
}
write(join(out, "eval-nms-by-size.json"), JSON.stringify(bySize, null, 2) + "\n");

// The picture: the first canvases of each size, drawn by llmnist detect --draw, tiled.
const images = JSON.parse(readFileSync(gt, "utf8")).images;
const picked = [];
for (const size of SIZES.split(",")) picked.push(...images.filter((i) => `${i.width}x${i.height}` === size).slice(0, 2));
const drawDir = join(work, "drawn");
rmSync(drawDir, { recursive: true, force: true });
const drawArgs = ["detect", ...picked.map((i) => join(work, "set", i.file_name)), "--checkpoint", checkpoint, "--draw", drawDir];
llmnist(drawArgs);
commands.push(shown(drawArgs).replace(/( \S+\.png)+/, " <the first two canvases of each size>"));
const tiles = picked.map((i) => PNG.sync.read(readFileSync(join(drawDir, i.file_name.replace(/^images\//, "").replace(/\.png$/, ".detections.png")))));
const gap = 8;
const columns = 2;
const rows = Math.ceil(tiles.length / columns);
const cellW = Math.max(...tiles.map((t) => t.width));
const rowH = Array.from({ length: rows }, (_, r) => Math.max(...tiles.slice(r * columns, r * columns + columns).map((t) => t.height)));
const sheet = new PNG({ width: columns * cellW + (columns + 1) * gap, height: rowH.reduce((a, b) => a + b, 0) + (rows + 1) * gap });
sheet.data.fill(190); // gray between the tiles: white-paper canvases stay visible
let y = gap;
tiles.forEach((tile, k) => {
  const [r, c] = [Math.floor(k / columns), k % columns];
  if (c === 0 && r > 0) y += rowH[r - 1] + gap;
  PNG.bitblt(tile, sheet, 0, 0, tile.width, tile.height, gap + c * (cellW + gap), y);
});
writeFileSync(join(out, "detections.png"), PNG.sync.write(sheet));

const pct = (v) => (v < 0 ? "-" : (100 * v).toFixed(1));
const KEYS = ["map", "map_50", "map_75", "map_small", "map_medium", "map_large", "mar_1", "mar_10", "mar_100"];
const nms = evaluations.nms;
const lines = [
  "# The shipped detector on the fixed synthetic test set",
  "",
  `Detector: \`${checkpoint.replace(root, "")}\` (${summary.params?.toLocaleString("en-US") ?? "?"} parameters; trained by \`${summary.command}\`${runDir === undefined ? "" : `; the run and the detectors it started from: [${runDir}](${relative(out, join(root, runDir))}/README.md)`}).`,
  `Test set: ${count} canvases of MNIST **test** digits (never seen in training), sizes ${SIZES.split(",").join(", ")} in turn (${SIZES.split(",").length} sizes; training used ${TRAINED_SIZES.join(", ")}), 1-4 digits each, scaled 0.6-2.0, both polarities, seed ${SEED}. \`annotations.json\` is its COCO ground truth; the PNGs are remade exactly by the first command below.`,
  "",
  "COCO bbox evaluation (pycocotools-exact, `llmnist detect-eval`), percent:",
  "",
  `| suppression | ${KEYS.join(" | ")} | seconds (detect) |`,
  `|---|${KEYS.map(() => "---").join("|")}|---|`,
  ...variants.map((v) => `| ${v.label} | ${KEYS.map((k) => pct(evaluations[v.name][k])).join(" | ")} | ${evaluations[v.name].seconds.toFixed(1)} |`),
  "",
  "AP@[.5:.95] per digit (greedy NMS):",
  "",
  `| ${nms.per_class.map((c) => c.name).join(" | ")} |`,
  `|${nms.per_class.map(() => "---").join("|")}|`,
  `| ${nms.per_class.map((c) => pct(c.ap)).join(" | ")} |`,
  "",
  "Per canvas size (greedy NMS; the same detections split by the canvases' size, `eval-nms-by-size.json`):",
  "",
  `| size | canvases | trained on | ${KEYS.slice(0, 3).join(" | ")} | mar_100 |`,
  "|---|---|---|---|---|---|---|",
  ...bySize.map((r) => `| ${r.size} | ${r.canvases} | ${TRAINED_SIZES.includes(r.size) ? "yes" : "no"} | ${KEYS.slice(0, 3).map((k) => pct(r[k])).join(" | ")} | ${pct(r.mar_100)} |`),
  "",
  "Detections on the first two canvases of each size (greedy NMS, score >= 0.3; the label is digit and score):",
  "",
  "![detections](detections.png)",
  "",
  "Commands (from the repository root, after `pnpm build`; `node scripts/detect-report.mjs` runs them all):",
  "",
  "```bash",
  ...commands,
  "```",
  "",
];
write(join(out, "README.md"), lines.join("\n"));
process.stderr.write(`wrote ${out}/README.md: AP ${pct(nms.map)}, AP50 ${pct(nms.map_50)} (NMS); soft-NMS AP ${pct(evaluations["soft-nms"].map)}\n`);
