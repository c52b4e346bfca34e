import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { makeFakeRepo } from "./repro/fake-cli.test-helpers.js";
import { reproTablesMain } from "./repro-tables-cli.js";

const ROOT = fileURLToPath(new URL("../../..", import.meta.url));
const CLI_BIN = join(ROOT, "apps", "cli", "bin", "llmnist.mjs");
const CLI_BUILT = existsSync(join(ROOT, "apps", "cli", "dist", "main.js"));

describe("reproTablesMain with the real llmnist CLI", () => {
  // The CLI is another package's build output; without it this test cannot say anything.
  it.skipIf(!CLI_BUILT)(
    "trains a tiny run and tables it (skipped when apps/cli is not built: run `pnpm build`)",
    async () => {
      const repo = makeFakeRepo();
      const argv = ["--presets", "0.21M", "--losses", "cpo", "--seeds", "3", "--epochs", "1", "--train-limit", "64", "--test-limit", "32"];
      const code = await reproTablesMain(argv, repo.root, { log: () => {}, cli: [process.execPath, CLI_BIN] });
      expect(code).toBe(0);
      const dir = join(repo.root, "results", "runs", "0.21M-cpo-seed3");
      for (const f of ["summary.json", "metrics.jsonl", "curve.svg", "confusion.svg"]) expect(existsSync(join(dir, f)), f).toBe(true);
      const summary = JSON.parse(readFileSync(join(dir, "summary.json"), "utf8")) as Record<string, unknown>;
      expect(summary).toMatchObject({ preset: "0.21M", loss: "cpo", seed: 3, epochs: 1, params: 214090 });
      const tables = readFileSync(join(repo.root, "results", "tables.md"), "utf8");
      expect(tables).toMatch(/\| 0\.21M \| 214,090 \| 1 \| 64 \/ 32 \| 1 \| [\d.]+ \| [\d.]+ \| 99\.01 \| -?[\d.]+ \|/);
    },
  );

  const DRAWN_DIGITS = join(ROOT, "results", "drawn-digits");
  it.skipIf(!CLI_BUILT || !existsSync(join(DRAWN_DIGITS, "meta.json")))(
    "trains a tiny augmented run, evaluates it on the drawn digits and tables both (skipped without the CLI build or results/drawn-digits)",
    async () => {
      const repo = makeFakeRepo();
      const argv = ["--presets", "0.21M", "--losses", "ce", "--seeds", "3", "--epochs", "1", "--train-limit", "64", "--test-limit", "32", "--augment"];
      const code = await reproTablesMain([...argv, "--drawn-digits", DRAWN_DIGITS], repo.root, { log: () => {}, cli: [process.execPath, CLI_BIN] });
      expect(code).toBe(0);
      const dir = join(repo.root, "results", "runs", "0.21M-ce-aug-seed3");
      const summary = JSON.parse(readFileSync(join(dir, "summary.json"), "utf8")) as Record<string, unknown>;
      expect(summary.augment).toMatchObject({ normalize: true });
      const drawn = JSON.parse(readFileSync(join(dir, "drawn-digits.json"), "utf8")) as { accuracy: number; total: number; by: { part: Record<string, { accuracy: number; total: number }> } };
      expect(drawn.total).toBe(2000);
      expect(drawn.accuracy).toBeGreaterThanOrEqual(0);
      expect([drawn.by.part.font?.total, drawn.by.part.strokes?.total]).toEqual([1000, 1000]);
      const tables = readFileSync(join(repo.root, "results", "tables.md"), "utf8");
      expect(tables).toContain(`| 0.21M ce + augment, 64 / 32 images | 214,090 | 1 | 1 | `);
      expect(tables).toContain(` | ${drawn.accuracy.toFixed(2)} | `);
    },
  );
});
