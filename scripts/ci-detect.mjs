#!/usr/bin/env node
// CI's end-to-end detection run through the built CLI, as a user types it: a tiny canvas set,
// a short detect-train, detections on the set, and detect-eval's COCO numbers, which must be
// the 12 standard keys in [0, 1] (or -1) plus per-class AP. Fails naming the step.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const cli = new URL("../apps/cli/bin/llmnist.mjs", import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), "llmnist-ci-detect-"));
const run = (args) => {
  const started = performance.now();
  try {
    const out = execFileSync(process.execPath, [cli, ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    console.log(`ci-detect: llmnist ${args[0]} ok (${((performance.now() - started) / 1000).toFixed(1)} s)`);
    return out;
  } catch (error) {
    console.error(`ci-detect: llmnist ${args.join(" ")} failed:\n${error.stderr ?? error.message}`);
    process.exit(1);
  }
};
try {
  const set = join(dir, "set");
  run(["detect-data", "--out", set, "--split", "test", "--count", "6", "--sizes", "64x64,96x64", "--seed", "3"]);
  const model = join(dir, "detector");
  run(["detect-train", "--canvases", "64", "--batch", "8", "--epochs", "1", "--warmup-steps", "2", "--test-canvases", "4", "--test-sizes", "64x64", "--out", model]);
  const dets = join(dir, "dets.json");
  run(["detect", "--ground-truth", join(set, "annotations.json"), "--detections-out", dets, "--checkpoint", join(model, "model.safetensors"), "--score-threshold", "0.01"]);
  const stats = JSON.parse(run(["detect-eval", "--ground-truth", join(set, "annotations.json"), "--detections", dets, "--json"]));
  const keys = ["map", "map_50", "map_75", "map_small", "map_medium", "map_large", "mar_1", "mar_10", "mar_100", "mar_small", "mar_medium", "mar_large"];
  const bad = keys.filter((k) => typeof stats[k] !== "number" || !(stats[k] === -1 || (stats[k] >= 0 && stats[k] <= 1)));
  if (bad.length > 0 || !Array.isArray(stats.per_class) || stats.per_class.length !== 10) {
    console.error(`ci-detect: detect-eval --json is not the 12 COCO numbers and 10 per-class APs (bad: ${bad.join(", ") || "per_class"}): ${JSON.stringify(stats)}`);
    process.exit(1);
  }
  console.log(`ci-detect: a 8-step detector on 6 test canvases: COCO AP ${stats.map.toFixed(3)}, AP50 ${stats.map_50.toFixed(3)} (a smoke test, not a result)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
