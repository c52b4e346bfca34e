// Probe: training and evaluation speed of one preset in three thread modes, interleaved
// (pure = one thread; gemm = one replica + the GEMM helper thread; dp = data-parallel on
// two replicas), several rounds, medians: these VMs are noisy, so only ratios within one run count.
// usage: node probes/thread-modes.mjs [preset] [rounds] [steps]
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
const preset = process.argv[2] ?? "0.21M";
const rounds = Number(process.argv[3] ?? 5);
const steps = process.argv[4] ?? "30";
const bench = fileURLToPath(new URL("../bin/bench-train.mjs", import.meta.url));
const modes = { pure: ["1", "1"], gemm: ["2", "1"], dp: ["2", "2"] };
const results = Object.fromEntries(Object.keys(modes).map((m) => [m, { train: [], evaluate: [] }]));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const evalImages = preset === "0.21M" || preset === "0.25M" ? "5000" : "500";
for (let r = 0; r < rounds; r++) {
  for (const [mode, [envThreads, threads]] of Object.entries(modes)) {
    const args = [bench, "--preset", preset, "--threads", threads, "--steps", steps, "--eval-images", evalImages, "--no-reference", "--no-save", "--json"];
    const out = spawnSync(process.execPath, args, { env: { ...process.env, LLMNIST_THREADS: envThreads }, encoding: "utf8" });
    if (out.status !== 0) throw new Error(`${mode}: ${out.stderr}`);
    const row = JSON.parse(out.stdout.trim().split("\n")[0]);
    results[mode].train.push(row.images_per_s);
    results[mode].evaluate.push(row.eval_images_per_s);
    console.error(`round ${r + 1} ${mode}: train ${row.images_per_s.toFixed(0)} img/s, eval ${row.eval_images_per_s.toFixed(0)} img/s`);
  }
}
const pure = median(results.pure.train);
console.log(`| mode | train img/s (median of ${rounds}) | vs pure | eval img/s | vs pure |`);
console.log("|---|---|---|---|---|");
for (const [mode, r] of Object.entries(results)) {
  const t = median(r.train);
  const e = median(r.evaluate);
  console.log(`| ${mode} | ${t.toFixed(1)} | ${(t / pure).toFixed(2)}x | ${e.toFixed(0)} | ${(e / median(results.pure.evaluate)).toFixed(2)}x |`);
}
