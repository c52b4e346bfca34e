import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cocoFixtures, detectionsOf, groundTruthOf } from "../fixtures/load.js";
import { evaluateCocoFiles, readCocoJson } from "./files.js";

const dir = mkdtempSync(join(tmpdir(), "llmnist-detect-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("@llmnist/detect/node", () => {
  it("evaluates a ground-truth file and a results file like pycocotools", async () => {
    const c = cocoFixtures().cases.find((x) => x.name === "mixed")!;
    writeFileSync(join(dir, "gt.json"), JSON.stringify(groundTruthOf(c)));
    writeFileSync(join(dir, "dets.json"), JSON.stringify(detectionsOf(c)));
    const result = await evaluateCocoFiles(join(dir, "gt.json"), join(dir, "dets.json"));
    expect(Math.abs(result.stats.map - c.expected.stats[0]!)).toBeLessThanOrEqual(1e-12);
  });

  it("names the file when it is missing, not JSON, or malformed", async () => {
    await expect(readCocoJson(join(dir, "nope.json"))).rejects.toThrow(`${join(dir, "nope.json")}: cannot read it (no such file)`);
    writeFileSync(join(dir, "bad.json"), "{ images: ");
    await expect(readCocoJson(join(dir, "bad.json"))).rejects.toThrow(`${join(dir, "bad.json")}: not valid JSON`);
    writeFileSync(join(dir, "gt2.json"), JSON.stringify({ images: [{ id: 1 }], annotations: [], categories: [{ id: 1 }] }));
    writeFileSync(join(dir, "dets2.json"), JSON.stringify([{ image_id: 1, category_id: 1, bbox: [0, 0, 1, 1], score: "high" }]));
    await expect(evaluateCocoFiles(join(dir, "gt2.json"), join(dir, "dets2.json"))).rejects.toThrow(`${join(dir, "dets2.json")}: [0].score: expected a finite number, got "high"`);
  });
});
