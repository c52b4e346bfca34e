import type { ViTPresetName } from "@llmnist/vit";
import { lastLines, runProcess, type RunProcess } from "../shared/run-process.js";

export interface ReferenceOptions {
  /** A Python with torch, e.g. /usr/bin/python3. */
  python: string;
  /** ../shared/reference/vit_reference.py */
  script: string;
  /** Folder with the four MNIST IDX files. */
  dataDir: string;
  loss: "ce" | "cpo";
  steps: number;
  /** torch.set_num_threads; undefined = PyTorch's default. */
  threads?: number;
}

/** What the reference prints (one JSON line). */
export interface ReferenceResult {
  impl: string;
  images_per_s: number;
  threads: number;
  ms_per_step: number;
}

/** The reference's command line for one preset (its "row"). */
export function referenceArgs(preset: ViTPresetName, o: ReferenceOptions): string[] {
  return [
    o.script,
    "bench",
    "--row",
    preset,
    "--data",
    o.dataDir,
    "--loss",
    o.loss,
    "--steps",
    String(o.steps),
    ...(o.threads === undefined ? [] : ["--threads", String(o.threads)]),
  ];
}

/** Reads the reference's JSON line, checking the fields the bench uses. */
export function parseReferenceOutput(stdout: string): ReferenceResult {
  const line = stdout
    .split("\n")
    .reverse()
    .find((l) => l.trim().startsWith("{"));
  if (line === undefined) throw new Error(`the PyTorch reference printed no JSON line; its output ends with: ${lastLines(stdout)}`);
  const obj = JSON.parse(line) as Record<string, unknown>;
  for (const key of ["images_per_s", "threads", "ms_per_step"] as const) {
    if (typeof obj[key] !== "number") throw new Error(`the PyTorch reference's output has no numeric "${key}": ${line}`);
  }
  return {
    impl: typeof obj.impl === "string" ? obj.impl : "pytorch",
    images_per_s: obj.images_per_s as number,
    threads: obj.threads as number,
    ms_per_step: obj.ms_per_step as number,
  };
}

/** Whether `python` can import torch: "ok" with its version, or why not. */
export async function probeTorch(python: string, run: RunProcess = runProcess): Promise<{ ok: boolean; detail: string }> {
  try {
    const r = await run(python, ["-c", "import torch; print(torch.__version__)"]);
    if (r.code === 0) return { ok: true, detail: `torch ${r.stdout.trim()}` };
    return { ok: false, detail: `${python} cannot import torch: ${lastLines(r.stderr, 1)}` };
  } catch (e) {
    return { ok: false, detail: (e as Error).message };
  }
}

/** Runs the reference's `bench` for one preset. */
export async function runReference(
  preset: ViTPresetName,
  o: ReferenceOptions,
  run: RunProcess = runProcess,
): Promise<ReferenceResult> {
  const r = await run(o.python, referenceArgs(preset, o));
  if (r.code !== 0) {
    throw new Error(`the PyTorch reference failed for ${preset} (exit ${r.code ?? r.signal}): ${lastLines(r.stderr, 3)}`);
  }
  return parseReferenceOutput(r.stdout);
}
