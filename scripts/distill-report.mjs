#!/usr/bin/env node
// Writes results/distill/README.md and ablation.svg from the distillation runs' summary.json
// files: the MnistVL ablation (results/distill/mnistvl/<config>-seed<N>) and the ViT rows
// (results/runs/0.21M-ce-kd-seed<N> beside the plain 0.21M-ce-seed<N> of the same seeds).
// Usage: node scripts/distill-report.mjs [--root DIR]
import { existsSync, readdirSync, readFileSync, writeFileSync, renameSync } from "node:fs";
import { join } from "node:path";

const rootFlag = process.argv.indexOf("--root");
const root = rootFlag > 0 ? process.argv[rootFlag + 1] : new URL("..", import.meta.url).pathname;
const out = join(root, "results", "distill");

const readJson = (path) => {
  try {
    return JSON.parse(readFileSync(path, "utf8"));
  } catch (e) {
    throw new Error(`${path}: ${e.message}`);
  }
};
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const std = (xs) => (xs.length < 2 ? 0 : Math.sqrt(xs.reduce((a, x) => a + (x - mean(xs)) ** 2, 0) / (xs.length - 1)));
const meanStd = (xs) => (xs.length === 1 ? xs[0].toFixed(2) : `${mean(xs).toFixed(2)} ± ${std(xs).toFixed(2)}`);
const minutes = (s) => `${(s / 60).toFixed(1)} min`;
const write = (path, text) => {
  writeFileSync(`${path}.tmp`, text);
  renameSync(`${path}.tmp`, path);
};

const CONFIGS = [
  ["sft", "student alone (SFT only)"],
  ["mdist", "+ MDist (one DFT stage, c = 0)"],
  ["mdist-rdist", "+ MDist + RDist (one DFT stage)"],
  ["three-stages", "three stages DPT -> SFT -> DFT"],
];

function vlRows() {
  const dir = join(out, "mnistvl");
  if (!existsSync(dir)) return [];
  const runs = readdirSync(dir)
    .map((name) => ({ name, m: /^(.+)-seed(\d+)$/.exec(name) }))
    .filter(({ name, m }) => m && existsSync(join(dir, name, "summary.json")))
    .map(({ name, m }) => ({ config: m[1], seed: Number(m[2]), summary: readJson(join(dir, name, "summary.json")) }));
  return CONFIGS.map(([config, label]) => {
    const rs = runs.filter((r) => r.config === config).sort((a, b) => a.seed - b.seed);
    return { config, label, runs: rs };
  }).filter((row) => row.runs.length > 0);
}

function vitRows() {
  const dir = join(root, "results", "runs");
  const kd = readdirSync(dir)
    .map((name) => ({ name, m: /^0\.21M-ce-kd-seed(\d+)$/.exec(name) }))
    .filter(({ name, m }) => m && existsSync(join(dir, name, "summary.json")))
    .map(({ name, m }) => ({ seed: Number(m[1]), kd: readJson(join(dir, name, "summary.json")), plainPath: join(dir, `0.21M-ce-seed${m[1]}`, "summary.json") }))
    .sort((a, b) => a.seed - b.seed);
  return kd.map((r) => ({ ...r, plain: existsSync(r.plainPath) ? readJson(r.plainPath) : null }));
}

function ablationSvg(rows, teacher) {
  const w = 640, rowH = 34, top = 40, left = 250, right = 40;
  const h = top + rows.length * rowH + 40;
  const lo = Math.floor(Math.min(...rows.flatMap((r) => r.runs.map((x) => x.summary.test_accuracy))) - 1);
  const hi = 100;
  const x = (v) => left + ((v - lo) / (hi - lo)) * (w - left - right);
  const parts = [`<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" font-family="sans-serif" font-size="12">`,
    `<rect width="${w}" height="${h}" fill="white"/>`,
    `<text x="${w / 2}" y="20" text-anchor="middle" font-size="14">MnistVL student (qwen2-tiny-scratch), equal steps: test accuracy %</text>`];
  for (let t = lo; t <= hi; t += 1) parts.push(`<line x1="${x(t)}" y1="${top - 6}" x2="${x(t)}" y2="${h - 30}" stroke="#ddd"/><text x="${x(t)}" y="${h - 14}" text-anchor="middle">${t}</text>`);
  if (teacher) parts.push(`<line x1="${x(teacher)}" y1="${top - 6}" x2="${x(teacher)}" y2="${h - 30}" stroke="#c33" stroke-dasharray="4 3"/><text x="${x(teacher) - 4}" y="${top - 10}" text-anchor="end" fill="#c33">teacher ${teacher.toFixed(2)}</text>`);
  rows.forEach((r, i) => {
    const y = top + i * rowH + rowH / 2;
    const accs = r.runs.map((x) => x.summary.test_accuracy);
    parts.push(`<text x="${left - 8}" y="${y + 4}" text-anchor="end">${r.label.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")}</text>`);
    parts.push(`<rect x="${left}" y="${y - 9}" width="${x(mean(accs)) - left}" height="18" fill="#4a7bd0"/>`);
    for (const a of accs) parts.push(`<circle cx="${x(a)}" cy="${y}" r="3" fill="#111"/>`);
    parts.push(`<text x="${x(mean(accs)) + 6}" y="${y + 4}">${meanStd(accs)}</text>`);
  });
  parts.push("</svg>\n");
  return parts.join("\n");
}

const vl = vlRows();
const vit = vitRows();
const teacherSummary = join(root, "results", "mnistvl", "qwen2-small-scratch-engine", "summary.json");
const teacherAcc = existsSync(teacherSummary) ? readJson(teacherSummary).accuracy : undefined;
const lines = ["# Distillation results", "", "Written by `node scripts/distill-report.mjs` from the runs' `summary.json` files; every number below is from a run in this folder or in `results/runs`.", ""];

lines.push("## MnistVL: LLaVA-KD ablation", "");
if (vl.length === 0) lines.push("No runs yet.", "");
else {
  const first = vl[0].runs[0].summary;
  lines.push(
    `Student \`${first.student_preset}\` (${first.student_params.toLocaleString("en-US")} trained parameters), teacher \`qwen2-small-scratch\`` +
      (teacherAcc === undefined ? "" : ` (${teacherAcc.toFixed(2)}% on the 10,000 test images, results/mnistvl/qwen2-small-scratch-engine)`) +
      `; every run ${first.steps} optimiser steps at batch ${first.batch} in all (one pass over 60,000 images), accuracy on all ${first.test_images.toLocaleString("en-US")} test images after the last stage, greedy answers.`,
    "",
    "| configuration | seeds | accuracy % (mean ± std) | per seed | wall time / run | stages (accuracy after each, seed " + vl[0].runs[0].seed + ") |",
    "|---|---|---|---|---|---|",
  );
  if (teacherAcc !== undefined) lines.push(`| teacher \`qwen2-small-scratch\` | 1 | ${teacherAcc.toFixed(2)} | – | 33 min (10 epochs) | – |`);
  for (const r of vl) {
    const accs = r.runs.map((x) => x.summary.test_accuracy);
    const stages = r.runs[0].summary.stages.map((s) => `${s.stage} ${s.steps} steps: ${s.test_accuracy.toFixed(2)}`).join("; ");
    lines.push(`| ${r.label} | ${r.runs.length} | ${meanStd(accs)} | ${accs.map((a) => a.toFixed(2)).join(", ")} | ${minutes(mean(r.runs.map((x) => x.summary.wall_seconds)))} | ${stages} |`);
  }
  lines.push("", "![ablation](ablation.svg)", "", "Commands (one per configuration; seeds 0, 1, 2 via `--seed`):", "", "```bash");
  for (const r of vl) lines.push(r.runs[0].summary.command.replace(/^llmnist/, "pnpm llmnist"));
  lines.push("```", "");
  write(join(out, "ablation.svg"), ablationSvg(vl, teacherAcc));
}

lines.push("## ViT: 1.68M distilled into 0.21M", "");
if (vit.length === 0) lines.push("No runs yet.", "");
else {
  const k = vit[0].kd.kd;
  lines.push(
    `Teacher: ${k.teacher} (${k.teacher_preset}, ${k.teacher_params.toLocaleString("en-US")} parameters, ${k.teacher_test_accuracy.toFixed(2)}% on the test images); loss = (1 − w) CE + w · T² · KL, T = ${k.temperature}, w = ${k.weight}; the paper's protocol otherwise (10 epochs, batch 32, AdamW, warm-up + cosine). Same seeds as the plain cross-entropy runs, so each pair differs only in the loss.`,
    "",
    "| seed | distilled: best / final % | cross-entropy alone: best / final % | best, distilled − alone | wall time (distilled) |",
    "|---|---|---|---|---|",
  );
  for (const r of vit) {
    const p = r.plain;
    lines.push(`| ${r.seed} | ${r.kd.best_accuracy.toFixed(2)} / ${r.kd.final_accuracy.toFixed(2)} | ${p ? `${p.best_accuracy.toFixed(2)} / ${p.final_accuracy.toFixed(2)}` : "–"} | ${p ? (r.kd.best_accuracy - p.best_accuracy >= 0 ? "+" : "") + (r.kd.best_accuracy - p.best_accuracy).toFixed(2) : "–"} | ${minutes(r.kd.wall_seconds)} |`);
  }
  const best = vit.map((r) => r.kd.best_accuracy);
  const plainBest = vit.filter((r) => r.plain).map((r) => r.plain.best_accuracy);
  lines.push(`| mean ± std | ${meanStd(best)} / ${meanStd(vit.map((r) => r.kd.final_accuracy))} | ${plainBest.length ? meanStd(plainBest) : "–"} | | |`, "", "The paper's 0.21M cross-entropy: 99.12.", "", "```bash");
  for (const r of vit) lines.push(r.kd.command.replace(/^llmnist/, "pnpm llmnist"));
  lines.push("```", "");
}
write(join(out, "README.md"), lines.join("\n"));
console.log(`wrote ${join(out, "README.md")}`);
