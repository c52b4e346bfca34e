import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { kernelNames } from "@llmnist/kernels";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundlePage } from "./bundle.js";
import { browserRequired, chromiumCandidates, CHROMIUM_ARGS, findChromium } from "./chromium.js";
import type { Classification, Digits, RenderedRun } from "./page/protocol.js";
import { maxAbsDiff, nodeLogits, SHIPPED_CHECKPOINT, testDigits } from "./reference.js";
import { serveLocally, type Served } from "./serve.js";

const DIGITS = 16; // MNIST test images 0..15
const TOLERANCE = 1e-4;
const executablePath = findChromium();
const missing =
  `no Chromium at ${chromiumCandidates().join(" or ")}: install Debian's (apt-get install -y chromium) ` +
  `or set LLMNIST_CHROMIUM to a Chromium binary`;
if (!executablePath && !browserRequired()) console.warn(`browser check SKIPPED: ${missing}`);

/** tfjs-backend-wasm's .wasm files, served to the page under /tfjs-wasm/. */
const TFJS_WASM_DIR = join(dirname(createRequire(import.meta.url).resolve("@tensorflow/tfjs-backend-wasm/package.json")), "dist");
const PAGE_HTML = readFileSync(fileURLToPath(new URL("./page/index.html", import.meta.url)), "utf8");
/** LLMNIST_SAVE_SCREENSHOT=1 keeps the rendered page and a summary in results/browser/. */
const RESULTS_DIR = fileURLToPath(new URL("../../../results/browser/", import.meta.url));

describe("the shipped 0.21M ViT in headless Chromium", () => {
  it.runIf(!executablePath && browserRequired())("has a Chromium to run in (CI=true)", () => {
    throw new Error(`CI=true but ${missing}`);
  });

  describe.skipIf(!executablePath)("gives Node's logits", () => {
    let browser: Browser;
    let page: Page;
    let server: { url: string; close(): Promise<void> };
    let digits: Digits;
    let reference: number[][];
    const pageErrors: string[] = [];
    const runs: Array<{ run: Classification; diff: number }> = [];

    beforeAll(async () => {
      digits = await testDigits(DIGITS);
      reference = await nodeLogits(SHIPPED_CHECKPOINT, digits);
      const files = new Map<string, Served>([
        ["/", { body: PAGE_HTML, type: "text/html; charset=utf-8" }],
        ["/page.js", { body: await bundlePage(), type: "text/javascript; charset=utf-8" }],
        ["/digits.json", { body: JSON.stringify(digits), type: "application/json" }],
        ["/model.safetensors", { body: readFileSync(SHIPPED_CHECKPOINT), type: "application/octet-stream" }],
      ]);
      server = await serveLocally((path) => {
        const wasm = /^\/tfjs-wasm\/(tfjs-backend-wasm[a-z-]*\.wasm)$/.exec(path)?.[1];
        return wasm ? { body: readFileSync(join(TFJS_WASM_DIR, wasm)), type: "application/wasm" } : files.get(path);
      });
      browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
      page = await browser.newPage({ viewport: { width: 1060, height: 440 } });
      page.on("pageerror", (error) => pageErrors.push(`page error: ${error.message}`));
      page.on("console", (message) => {
        if (message.type() === "error") pageErrors.push(`console: ${message.text()}`);
      });
      await page.goto(server.url);
      await page.waitForFunction(() => window.llmnistCheck !== undefined, undefined, { timeout: 30_000 }).catch((error: Error) => {
        throw new Error(`the page never became ready: ${error.message}\n${pageErrors.join("\n")}`);
      });
    });

    afterAll(async () => {
      await browser?.close();
      await server?.close();
    });

    async function classify(backend: "wasm" | "webgl" | "cpu"): Promise<Classification> {
      const run = await page.evaluate((name) => window.llmnistCheck!.classify(name), backend);
      const diff = maxAbsDiff(run.logits, reference);
      runs.push({ run, diff });
      console.log(`browser ${run.backend}: max |logit diff| vs Node = ${diff.toExponential(2)}, kernel build ${run.kernelBuild}`);
      return run;
    }

    it("on wasm with the llmnist kernels (the build the browser validates)", async () => {
      const run = await classify("wasm");
      expect(run.backend).toBe("wasm");
      expect(run.kernelBuild).toBe(run.relaxedSimdValidates ? "relaxed-simd" : "simd128");
      // The fused kernels ran, so the llmnist module really loaded in the page.
      expect(run.kernelsRun).toEqual(expect.arrayContaining([kernelNames.ATTENTION, kernelNames.RMS_NORM, kernelNames.SWIGLU, kernelNames.ROTARY]));
      expect(maxAbsDiff(run.logits, reference)).toBeLessThanOrEqual(TOLERANCE);
    });

    it("on webgl (SwiftShader), or cpu where this Chromium has no webgl", async () => {
      const run = await classify("webgl").catch(async (error: Error) => {
        console.warn(`webgl unavailable (${error.message}); checking the cpu backend instead`);
        return classify("cpu");
      });
      expect(["webgl", "cpu"]).toContain(run.backend);
      expect(run.kernelsRun.filter((name) => name.startsWith("Llmnist"))).toEqual([]); // fused ops are wasm-only
      expect(maxAbsDiff(run.logits, reference)).toBeLessThanOrEqual(TOLERANCE);
    });

    it("draws the 16 digits with each backend's predictions", async () => {
      expect(runs.length).toBeGreaterThanOrEqual(2);
      const rendered: RenderedRun[] = runs.map(({ run, diff }) => ({ backend: run.backend, predictions: run.predictions, maxAbsDiffFromNode: diff }));
      const title =
        `llmnist ViT 0.21M (shipped checkpoint), MNIST test images 0..${DIGITS - 1}, Chromium ${browser.version()}, ` +
        `llmnist kernels ${runs[0]!.run.kernelBuild}; logits compared with Node's (tfjs cpu)`;
      await page.evaluate(([t, r]) => window.llmnistCheck!.render(t, r), [title, rendered] as const);
      expect(await page.locator("figure").count()).toBe(DIGITS);
      const png = await page.screenshot({ fullPage: true });
      expect([...png.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]); // "\x89PNG"
      if (process.env.LLMNIST_SAVE_SCREENSHOT === "1") {
        mkdirSync(RESULTS_DIR, { recursive: true });
        writeFileSync(join(RESULTS_DIR, "mnist-test-0-15.png"), png);
        const summary = {
          browser: `${browser.browserType().name()} ${browser.version()}`,
          checkpoint: "apps/cli/assets/default-0.21M-ce-aug.safetensors",
          labels: digits.labels,
          runs: runs.map(({ run, diff }) => ({ ...run, logits: undefined, maxAbsDiffFromNode: diff })),
        };
        writeFileSync(join(RESULTS_DIR, "summary.json"), `${JSON.stringify(summary, null, 2)}\n`);
      }
    });
  });
});
