import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * A stand-in for `llmnist train` (a real script, spawned like the CLI): writes run.json,
 * metrics.jsonl (continuing an existing one with --resume), summary.json (both with "kd" for
 * --teacher, defaults T 4 / w 0.9, teacher preset from its run folder's name; both with
 * "augment" for --augment, whose runs are 0.2 better), best.safetensors, and appends its
 * arguments to calls.log. Exits 3 for the preset named in FAKE_CLI_FAIL. A mixture-of-experts preset
 * (-moe4) gets the fields llmnist train adds for one: load 40/30/20/10% in layer 0, 1% more even
 * each layer, 0.1% more even per seed.
 *
 * And for `llmnist eval --checkpoint <run>/best.safetensors ... --json`: prints the JSON of the
 * drawn-digit set, accuracy 90 + 0.1 * seed (+ 5 when the run's summary.json has "augment"),
 * fonts 1 lower and strokes 1 higher. Exits 4 when the checkpoint's path contains FAKE_CLI_EVAL_FAIL.
 */
const FAKE_CLI = String.raw`
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
const argv = process.argv.slice(2);
const flag = (n) => { const i = argv.indexOf("--" + n); return i === -1 ? undefined : argv[i + 1]; };
appendFileSync(process.env.FAKE_CLI_LOG, JSON.stringify(argv) + "\n");
if (argv[0] === "eval") {
  const checkpoint = flag("checkpoint");
  if (process.env.FAKE_CLI_EVAL_FAIL && checkpoint.includes(process.env.FAKE_CLI_EVAL_FAIL)) { process.stderr.write("fake: eval boom\n"); process.exit(4); }
  const run = JSON.parse(readFileSync(join(checkpoint, "..", "summary.json"), "utf8"));
  const accuracy = 90 + 0.1 * run.seed + (run.augment ? 5 : 0);
  const part = (a) => ({ accuracy: a, correct: a * 10, total: 1000 });
  process.stderr.write("evaluating 2000/2000\r");
  process.stdout.write(JSON.stringify({ checkpoint, preset: run.preset, images: flag("images"), labels: flag("labels"), accuracy, correct: accuracy * 20, total: 2000,
    by: { part: { font: part(accuracy - 1), strokes: part(accuracy + 1) } } }) + "\n");
  process.exit(0);
}
const preset = flag("preset"), loss = flag("loss"), seed = Number(flag("seed")), epochs = Number(flag("epochs"));
if (process.env.FAKE_CLI_FAIL === preset) { process.stderr.write("fake: boom\n"); process.exit(3); }
const out = flag("out");
const moe = /-moe\d+$/.test(preset);
mkdirSync(out, { recursive: true });
const trainLimit = flag("train-limit") === undefined ? null : Number(flag("train-limit"));
const testLimit = flag("test-limit") === undefined ? null : Number(flag("test-limit"));
const teacher = flag("teacher");
const kd = teacher === undefined ? null : { teacher, teacher_hash: "0", temperature: Number(flag("kd-temperature") ?? 4), weight: Number(flag("kd-weight") ?? 0.9) };
const augment = argv.includes("--augment") ? { distort: { maxShift: 2, maxRotationDeg: 10, maxScale: 0.1, elasticAlpha: 3, elasticSigma: 4, elasticScale: "field" },
  stroke: { maxThicken: 1, maxThin: 0.5 }, blur: { maxSigma: 0.5 }, normalize: true, contrast: { maxGain: 0.5, maxGamma: 0.5, maxBrightness: 0 } } : null;
writeFileSync(join(out, "run.json"), JSON.stringify({ preset, loss, seed, epochs, batch: 32, train_limit: trainLimit, test_limit: testLimit, kd, augment }));
const metricsPath = join(out, "metrics.jsonl");
const done = argv.includes("--resume") && existsSync(metricsPath) ? readFileSync(metricsPath, "utf8").trim().split("\n").filter(Boolean) : [];
const acc = (e) => 95 + e * 0.4 + (seed % 7) * 0.01 + (loss === "cpo" ? -0.1 : 0) + (augment ? 0.2 : 0);
for (let e = done.length + 1; e <= epochs; e++) {
  done.push(JSON.stringify({ epoch: e, train_loss: 1 / e, test_accuracy: acc(e), lr: 1e-3, seconds: 10, steps: 1875 }));
}
writeFileSync(metricsPath, done.map((l) => l + "\n").join(""));
const accs = done.map((l) => JSON.parse(l).test_accuracy);
writeFileSync(join(out, "summary.json"), JSON.stringify({
  preset, loss, seed, epochs, batch: 32, train_images: trainLimit ?? 60000, test_images: testLimit ?? 10000,
  best_accuracy: Math.max(...accs), best_epoch: accs.indexOf(Math.max(...accs)) + 1, final_accuracy: accs[accs.length - 1],
  params: moe ? 657994 : 214090, ...(moe ? { params_total: 657994, params_active: 215626 } : {}),
  backend: "wasm", wall_seconds: 10 * epochs, command: "llmnist train " + argv.join(" "),
  ...(kd === null ? {} : { kd: {
    teacher, teacher_preset: /([^/]+)-[a-z]+-seed\d+\/[^/]+$/.exec(teacher)?.[1] ?? "custom", teacher_params: 1680010,
    teacher_test_accuracy: 99.27, temperature: kd.temperature, weight: kd.weight,
  } }),
  ...(augment === null ? {} : { augment }),
  ...(moe ? {
    moe: { experts: 4, top_k: 1, load: [0, 1, 2, 3, 4, 5].map((l) => [0.4 - 0.01 * l - 0.001 * seed, 0.3, 0.2, 0.1 + 0.01 * l + 0.001 * seed]) },
    train_aux_loss: 0.07 + 0.001 * seed, train_images_per_second: 400 + seed,
  } : {}),
}));
writeFileSync(join(out, "best.safetensors"), "");
process.stdout.write("fake: trained " + preset + " " + loss + "\n");
`;

export interface FakeRepo {
  root: string;
  cliScript: string;
  callsLog: string;
}

/** Puts a stand-in drawn-digit set (its three files, empty) into `dir`; returns `dir`. */
export function makeFakeDrawnDigits(dir: string): string {
  mkdirSync(dir, { recursive: true });
  for (const f of ["drawn-digits-images-idx3-ubyte.gz", "drawn-digits-labels-idx1-ubyte.gz", "meta.json"]) writeFileSync(join(dir, f), "");
  return dir;
}

/** A temporary "repository" (pnpm-workspace.yaml, README.md) with the fake CLI in it. */
export function makeFakeRepo(readme = "# llmnist\n\n## Status\n\nsome text\n\n## Development\n\nmore\n"): FakeRepo {
  const root = mkdtempSync(join(tmpdir(), "llmnist-repro-"));
  writeFileSync(join(root, "pnpm-workspace.yaml"), "packages: []\n");
  writeFileSync(join(root, "README.md"), readme);
  mkdirSync(join(root, "tools"));
  const cliScript = join(root, "tools", "fake-llmnist.mjs");
  writeFileSync(cliScript, FAKE_CLI);
  return { root, cliScript, callsLog: join(root, "calls.log") };
}
