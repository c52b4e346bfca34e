// Where a training step's CPU time goes, by function (our wasm kernels show by name):
//   node apps/bench/probes/cpu-profile.mjs 0.21M [steps]
// Runs train-step.mjs under node --cpu-prof and prints a Markdown table of self time.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const preset = process.argv[2] ?? "0.21M";
const steps = process.argv[3] ?? "20";
const dir = mkdtempSync(join(tmpdir(), "llmnist-prof-"));
const here = new URL(".", import.meta.url).pathname;
const out = execFileSync(process.execPath, ["--cpu-prof", "--cpu-prof-dir", dir, join(here, "train-step.mjs"), preset, "fast", steps], {
  encoding: "utf8",
  stdio: ["ignore", "pipe", "ignore"],
});
const profile = JSON.parse(readFileSync(join(dir, readdirSync(dir)[0]), "utf8"));
const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map();
let total = 0;
profile.samples.forEach((id, i) => {
  const { functionName, url } = nodes.get(id).callFrame;
  const where = url.startsWith("wasm://") ? "wasm" : url.split("/").pop() || "(native)";
  const key = `${functionName || "(anonymous)"} [${where}]`;
  self.set(key, (self.get(key) ?? 0) + profile.timeDeltas[i]);
  total += profile.timeDeltas[i];
});
console.log(`step: ${out.trim().split("\n").pop()}\n`);
console.log("| share of CPU | function |\n|---|---|");
for (const [key, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 20)) console.log(`| ${((us / total) * 100).toFixed(1)}% | ${key} |`);
console.log("\n(The whole process is sampled: module loading and model set-up are included.)");
