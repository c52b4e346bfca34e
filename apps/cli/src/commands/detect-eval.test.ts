import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../cli.js";
import { capture, tempDir } from "../test-helpers.js";

/** A case pycocotools evaluated (packages/detect/scripts/make-fixtures.py): exact IoU ties, crowds, area bounds. */
interface FixtureCase {
  name: string;
  images: number[];
  categories: Array<[number, string]>;
  annotations: number[][];
  detections: number[][];
  expected: { stats: number[]; per_class: Array<{ category_id: number; ap: number }> };
}
const fixtures = JSON.parse(readFileSync(new URL("../../../../packages/detect/src/fixtures/coco-cases.json", import.meta.url), "utf8")) as { cases: FixtureCase[] };
const handMade = fixtures.cases.find((c) => c.name === "hand-made")!;
const KEYS = ["map", "map_50", "map_75", "map_small", "map_medium", "map_large", "mar_1", "mar_10", "mar_100", "mar_small", "mar_medium", "mar_large"];

const dir = tempDir("detect-eval");
const gtPath = join(dir, "gt.json");
const detsPath = join(dir, "dets.json");
writeFileSync(
  gtPath,
  JSON.stringify({
    images: handMade.images.map((id) => ({ id, width: 640, height: 480 })),
    categories: handMade.categories.map(([id, name]) => ({ id, name })),
    annotations: handMade.annotations.map(([id, image_id, category_id, x, y, w, h, area, iscrowd]) => ({ id, image_id, category_id, bbox: [x, y, w, h], area, iscrowd })),
  }),
);
writeFileSync(detsPath, JSON.stringify(handMade.detections.map(([image_id, category_id, x, y, w, h, score]) => ({ image_id, category_id, bbox: [x, y, w, h], score }))));

describe("llmnist detect-eval", () => {
  it("--json prints the 12 COCO numbers and per-class AP, equal to pycocotools'", async () => {
    const { code, stdout } = await capture(() => runCli(["detect-eval", "--ground-truth", gtPath, "--detections", detsPath, "--json"]));
    expect(code).toBe(0);
    const out = JSON.parse(stdout) as Record<string, number> & { per_class: Array<{ category_id: number; name: string; ap: number }> };
    KEYS.forEach((key, s) => expect(Math.abs(out[key]! - handMade.expected.stats[s]!), key).toBeLessThanOrEqual(1e-12));
    expect(out.map_large).toBeCloseTo(1, 12);
    expect(out.per_class.map((c) => [c.category_id, c.name])).toEqual([
      [3, "three"],
      [7, "seven"],
      [11, "eleven"],
    ]);
    out.per_class.forEach((c, k) => expect(Math.abs(c.ap - handMade.expected.per_class[k]!.ap)).toBeLessThanOrEqual(1e-12));
  });

  it("without --json prints pycocotools' summary lines and a per-class table", async () => {
    const { code, stdout } = await capture(() => runCli(["detect-eval", "--ground-truth", gtPath, "--detections", detsPath]));
    expect(code).toBe(0);
    expect(stdout).toContain("4 images, 10 objects, 3 categories; 18 detections");
    expect(stdout).toContain(` Average Precision  (AP) @[ IoU=0.50:0.95 | area=   all | maxDets=100 ] = ${handMade.expected.stats[0]!.toFixed(3)}`);
    expect(stdout).toContain(" Average Recall     (AR) @[ IoU=0.50:0.95 | area= large | maxDets=100 ] = 1.000");
    expect(stdout).toMatch(/eleven\s+11\s+1\.000\s+1\.000/);
  });

  it("bad input: exit code 2 and a message naming the file and field, no stack trace", async () => {
    const bad = join(dir, "bad-dets.json");
    writeFileSync(bad, JSON.stringify([{ image_id: 20, category_id: 3, bbox: [1, 2, 3], score: 0.5 }]));
    let result = await capture(() => runCli(["detect-eval", "--ground-truth", gtPath, "--detections", bad]));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${bad}: [0].bbox: expected 4 finite numbers [x, y, width, height], got [1,2,3]`);
    expect(result.stderr).not.toMatch(/\n\s+at /);

    writeFileSync(bad, JSON.stringify([{ image_id: 99, category_id: 3, bbox: [1, 2, 3, 4], score: 0.5 }]));
    result = await capture(() => runCli(["detect-eval", "--ground-truth", gtPath, "--detections", bad]));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${bad}: [0].image_id: image 99 is not in the ground truth's images`);

    result = await capture(() => runCli(["detect-eval", "--ground-truth", join(dir, "missing.json"), "--detections", detsPath]));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${join(dir, "missing.json")}: cannot read it (no such file)`);

    result = await capture(() => runCli(["detect-eval", "--detections", detsPath]));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--ground-truth FILE is required");
  });
});
