import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runCli } from "../cli.js";
import { capture, VIT_FIXTURE, VIT_FIXTURE_LOGITS } from "../test-helpers.js";

const reference = JSON.parse(readFileSync(VIT_FIXTURE_LOGITS, "utf8")) as { test_indices: number[]; logits: number[][] };

function maxAbsDiff(a: number[][], b: number[][]): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  a.forEach((row, i) => {
    expect(row).toHaveLength(b[i]!.length);
    row.forEach((v, j) => (worst = Math.max(worst, Math.abs(v - b[i]![j]!))));
  });
  return worst;
}

describe("llmnist logits", () => {
  it("reproduces the PyTorch reference's logits on test images 0-15 to 1e-4", async () => {
    const { code, stdout } = await capture(() =>
      runCli(["logits", "--checkpoint", VIT_FIXTURE, "--format", "pytorch", "--preset", "0.21M", "--indices", "0-15", "--json"]),
    );
    expect(code).toBe(0);
    expect(reference.test_indices).toEqual([...Array(16).keys()]);
    expect(maxAbsDiff(JSON.parse(stdout) as number[][], reference.logits)).toBeLessThan(1e-4);
  });

  it("tells the preset and layout from the file when they are left out, and keeps the index order", async () => {
    const { code, stdout, stderr } = await capture(() => runCli(["logits", "--checkpoint", VIT_FIXTURE, "--indices", "9,3,5-6", "--json"]));
    expect(code).toBe(0);
    expect(stderr).toContain("ViT 0.21M (214,090 parameters), PyTorch-layout weights");
    const rows = [9, 3, 5, 6].map((k) => reference.logits[k]!);
    expect(maxAbsDiff(JSON.parse(stdout) as number[][], rows)).toBeLessThan(1e-4);
  });

  it("refuses --format llmnist for a PyTorch file instead of loading it transposed", async () => {
    const { code, stderr } = await capture(() => runCli(["logits", "--checkpoint", VIT_FIXTURE, "--format", "llmnist"]));
    expect(code).toBe(2);
    expect(stderr).toContain("is PyTorch-layout weights");
  });

  it("rejects indices past the test set", async () => {
    const { code, stderr } = await capture(() => runCli(["logits", "--checkpoint", VIT_FIXTURE, "--indices", "9990-10000"]));
    expect(code).toBe(2);
    expect(stderr).toContain("index 10000 is out of range: there are 10000 test images");
  });
});
