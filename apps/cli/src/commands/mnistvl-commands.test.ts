import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runCli } from "../cli.js";
import { capture, SHARED_FIXTURES } from "../test-helpers.js";

const QWEN2_TINY = join(SHARED_FIXTURES, "qwen2-tiny");
const expected = JSON.parse(readFileSync(join(QWEN2_TINY, "expected.json"), "utf8")) as { input_ids: number[][]; logits: number[][][] };
// The trained small MnistVL committed with its result (results/mnistvl/qwen2-small-scratch).
const SMALL_MODEL = fileURLToPath(new URL("../../../../results/mnistvl/qwen2-small-scratch/model.safetensors", import.meta.url));

describe("llmnist lm-logits", () => {
  it("prints the Hugging Face reference logits of the tiny Qwen2 fixture, one row per position", async () => {
    const ids = expected.input_ids[0]!;
    const { code, stdout } = await capture(() => runCli(["lm-logits", "--model", QWEN2_TINY, "--ids", ids.join(","), "--json"]));
    expect(code).toBe(0);
    const rows = JSON.parse(stdout) as number[][];
    expect(rows).toHaveLength(ids.length);
    let worst = 0;
    rows.forEach((row, i) => row.forEach((v, j) => (worst = Math.max(worst, Math.abs(v - expected.logits[0]![i]![j]!)))));
    expect(worst).toBeLessThan(1e-4);
  });

  it("needs --model and --ids", async () => {
    const { code, stderr } = await capture(() => runCli(["lm-logits", "--ids", "1,2"]));
    expect(code).toBe(2);
    expect(stderr).toContain("--model DIR is required");
  });
});

describe("llmnist vl-eval", () => {
  it("reads the first 40 MNIST test images with the trained small model, almost all right", async () => {
    const { code, stdout } = await capture(() => runCli(["vl-eval", "--checkpoint", SMALL_MODEL, "--limit", "40", "--json"]));
    expect(code).toBe(0);
    const result = JSON.parse(stdout) as { accuracy: number; unparsed: number };
    expect(result.accuracy).toBeGreaterThanOrEqual(95);
    expect(result.unparsed).toBe(0);
  }, 300_000);
});
