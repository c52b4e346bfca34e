import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildDist } from "./build/build-dist.js";
import { SUBSET_COUNTS, SUBSET_FILES } from "./page/mnist-subset.js";
import type { ExampleCanvas, WebState } from "./page/protocol.js";
import { browserRequired, chromiumCandidates, CHROMIUM_ARGS, findChromium } from "./testing/chromium.js";
import { matchedObjects } from "./testing/match-detections.js";
import { BAR, drawStrokes, ONE, placed, SEVEN } from "./testing/pad-strokes.js";
import { serveDir } from "./testing/serve-dir.js";

const executablePath = findChromium();
const missing = `no Chromium at ${chromiumCandidates().join(" or ")}: install Debian's (apt-get install -y chromium) or set LLMNIST_CHROMIUM to a Chromium binary`;
if (!executablePath && !browserRequired()) console.warn(`web page tests SKIPPED: ${missing}`);
/** LLMNIST_SAVE_SCREENSHOT=1 keeps desktop.png, phone.png and train.png in results/web/. */
const RESULTS_DIR = fileURLToPath(new URL("../../../results/web/", import.meta.url));
/** Served under a sub-path: every URL in the page must be relative. */
const BASE_PATH = "/some/base/";

const dist = mkdtempSync(join(tmpdir(), "llmnist-web-"));
let examples: ExampleCanvas[];

beforeAll(async () => {
  await buildDist(dist);
  examples = JSON.parse(readFileSync(join(dist, "examples", "index.json"), "utf8")) as ExampleCanvas[];
});
afterAll(() => rmSync(dist, { recursive: true, force: true }));

describe("the build", () => {
  it("writes the page, the models, tfjs's wasm and examples with their ground truth", () => {
    for (const file of ["index.html", "app.js", "styles.css", "wasm/tfjs-backend-wasm-simd.wasm", "models/default-0.21M-ce-aug.safetensors", "models/mnistvl-qwen2-small-scratch.safetensors", "models/detector-vit.safetensors", "models/tokenizer/tokenizer.json"]) {
      expect(readFileSync(join(dist, file)).length, file).toBeGreaterThan(0);
    }
    for (const which of ["train", "test"] as const) {
      expect(readFileSync(join(dist, "data", SUBSET_FILES[which])).length).toBe(16 + SUBSET_COUNTS[which] * 785); // uint8 labels and pixels
    }
    expect(examples.length).toBeGreaterThan(0);
    for (const example of examples) {
      expect(readFileSync(join(dist, "examples", example.image)).subarray(1, 4).toString()).toBe("PNG");
      expect(example.objects.length).toBeGreaterThan(0);
    }
  });

  it("refers to its files by relative URLs only", () => {
    const html = readFileSync(join(dist, "index.html"), "utf8");
    const urls = [...html.matchAll(/(?:src|href)="([^"]*)"/g)].map((m) => m[1]!);
    expect(urls.length).toBeGreaterThan(0);
    expect(urls.filter((url) => !url.startsWith("./") && !url.startsWith("data:"))).toEqual([]);
  });
});

describe("the page in headless Chromium", () => {
  it.runIf(!executablePath && browserRequired())("has a Chromium to run in (CI=true)", () => {
    throw new Error(`CI=true but ${missing}`);
  });

  describe.skipIf(!executablePath)("draws, classifies and detects", () => {
    let browser: Browser;
    let server: { url: string; close(): Promise<void> };
    const pageErrors: string[] = [];

    beforeAll(async () => {
      server = await serveDir(dist, BASE_PATH);
      browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
    });

    afterAll(async () => {
      await browser?.close();
      await server?.close();
    });

    async function openPage(options: Parameters<Browser["newPage"]>[0], prepare?: (page: Page) => Promise<unknown>): Promise<Page> {
      const page = await browser.newPage(options);
      await prepare?.(page);
      page.on("pageerror", (error) => pageErrors.push(`page error: ${error.message}`));
      page.on("console", (message) => {
        if (message.type() === "error") pageErrors.push(`console: ${message.text()}`);
      });
      page.on("response", (response) => {
        if (response.status() >= 400) pageErrors.push(`HTTP ${response.status()}: ${response.url()}`);
      });
      const started = performance.now();
      await page.goto(server.url);
      await page.waitForFunction(() => window.llmnistWeb !== undefined, undefined, { timeout: 30_000 });
      await page.evaluate(() => window.llmnistWeb!.ready).catch((error: Error) => {
        throw new Error(`the page never became ready: ${error.message}\n${pageErrors.join("\n")}`);
      });
      console.log(`page ready in ${((performance.now() - started) / 1000).toFixed(1)} s`);
      return page;
    }

    const settledState = (page: Page): Promise<WebState> =>
      page.evaluate(async () => {
        await window.llmnistWeb!.settled();
        return window.llmnistWeb!.state();
      });

    /** Clicks the panel's button named `name`. */
    const click = (page: Page, panel: "classify" | "detect" | "train", name: string): Promise<void> => page.locator(`#${panel}`).getByRole("button", { name, exact: true }).click();

    async function drawSeven(page: Page): Promise<WebState> {
      await drawStrokes(page, page.locator("#classify canvas.pad"), SEVEN);
      return settledState(page);
    }

    /** Loads each example in turn (the button cycles), returning the detections found on each. */
    async function detectEveryExample(page: Page): Promise<Array<{ example: ExampleCanvas; matched: number; found: number }>> {
      const results = [];
      for (const example of examples) {
        await click(page, "detect", "Example");
        const { detect } = await settledState(page);
        expect(detect.example).toBe(example.image);
        results.push({ example, matched: matchedObjects(example.objects, detect.detections), found: detect.detections.length });
      }
      return results;
    }

    function saveScreenshot(name: string, png: Buffer): void {
      expect([...png.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]); // "\x89PNG"
      if (process.env.LLMNIST_SAVE_SCREENSHOT !== "1") return;
      mkdirSync(RESULTS_DIR, { recursive: true });
      writeFileSync(join(RESULTS_DIR, name), png);
    }

    it("on a desktop viewport: a drawn 7, a 1 after Clear, Undo, and the example canvases", async () => {
      const page = await openPage({ viewport: { width: 1280, height: 860 } });
      const start = await settledState(page);
      expect(start.backend).toBe("wasm"); // with the llmnist kernels; cpu only where wasm fails
      expect(start.models).toEqual({ vit: "ready", mnistvl: "ready", detector: "ready" });

      const seven = await drawSeven(page);
      console.log(`drawn 7: ViT ${seven.classify.digit} (p = ${seven.classify.probabilities![7]!.toFixed(3)}), MnistVL answered ${JSON.stringify(seven.classify.vlAnswer)}`);
      expect(seven.classify.strokes).toBe(2);
      expect(seven.classify.digit).toBe(7);
      expect(await page.locator("#classify .top-digit").textContent()).toBe("7");
      expect(seven.classify.vlDigit).toBe(7);

      await click(page, "classify", "Clear");
      const cleared = await settledState(page);
      expect(cleared.classify).toEqual({ strokes: 0, probabilities: null, digit: null, vlAnswer: null, vlDigit: null });

      await drawStrokes(page, page.locator("#classify canvas.pad"), ONE);
      const one = await settledState(page);
      console.log(`drawn 1: ViT ${one.classify.digit}, MnistVL answered ${JSON.stringify(one.classify.vlAnswer)}`);
      expect(one.classify.digit).toBe(1);
      expect(one.classify.vlDigit).toBe(1);

      await drawStrokes(page, page.locator("#classify canvas.pad"), BAR);
      expect((await settledState(page)).classify.strokes).toBe(2);
      await click(page, "classify", "Undo");
      const undone = await settledState(page);
      expect(undone.classify).toEqual(one.classify); // the same pixels again: the same answers

      // Hand-drawn digits on the detection pad: reported, not asserted (the shipped detector
      // is a first version trained on MNIST digits, not on mouse strokes).
      await drawStrokes(page, page.locator("#detect canvas.pad"), [...placed(SEVEN, 0.1, 0.25), ...placed(ONE, 0.55, 0.25)]);
      const drawn = (await settledState(page)).detect.detections;
      console.log(`drawn 7 and 1 on the detection pad: ${JSON.stringify(drawn.map((d) => [d.digit, Number(d.score.toFixed(2))]))}`);

      const results = await detectEveryExample(page);
      const objects = results.reduce((n, r) => n + r.example.objects.length, 0);
      const matched = results.reduce((n, r) => n + r.matched, 0);
      console.log(`detection: ${results.map((r) => `${r.example.image} ${r.matched}/${r.example.objects.length} (${r.found} found)`).join(", ")}; ${matched}/${objects} in all`);
      // The shipped detector is a first version (COCO AP50 ~0.80): most digits, not all.
      expect(matched / objects).toBeGreaterThanOrEqual(0.7);
      for (const r of results) expect(r.matched, r.example.image).toBeGreaterThanOrEqual(r.example.objects.length / 2);

      // The screenshot: a 7 on the pad, the first example in the detection panel.
      await click(page, "classify", "Clear");
      await drawSeven(page);
      await click(page, "detect", "Example");
      expect((await settledState(page)).detect.example).toBe(examples[0]!.image);
      saveScreenshot("desktop.png", await page.screenshot({ fullPage: true }));
      expect((await settledState(page)).errors).toEqual([]);
      expect(pageErrors).toEqual([]);
      await page.close();
    });

    it("on a phone viewport (390 x 844): panels stack with no horizontal scrolling", async () => {
      const page = await openPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
      const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
      expect(widths.scroll).toBeLessThanOrEqual(widths.client);
      const [classifyBox, detectBox] = await Promise.all([page.locator("#classify").boundingBox(), page.locator("#detect").boundingBox()]);
      expect(detectBox!.y).toBeGreaterThanOrEqual(classifyBox!.y + classifyBox!.height); // stacked

      const seven = await drawSeven(page);
      expect(seven.classify.digit).toBe(7);
      await click(page, "detect", "Example");
      const { detect } = await settledState(page);
      expect(matchedObjects(examples[0]!.objects, detect.detections)).toBeGreaterThanOrEqual(examples[0]!.objects.length / 2);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(widths.client);
      saveScreenshot("phone.png", await page.screenshot({ fullPage: true }));
      expect((await settledState(page)).errors).toEqual([]);
      expect(pageErrors).toEqual([]);
      await page.close();
    });

    it("trains the 0.21M ViT in the tab to > 90% held-out accuracy, and the drawing pad reads a 7 with it", async () => {
      const page = await openPage({ viewport: { width: 1280, height: 860 } });
      const panel = page.locator("#train");
      // 12000 digits x 1 epoch: 375 steps, ~30 s on one thread (6000 digits reach ~87% only).
      await panel.getByLabel("images").selectOption("12000");
      await panel.getByLabel("epochs").selectOption("1");
      const started = performance.now();
      await click(page, "train", "Start");
      await page.waitForFunction(() => ["done", "stopped", "failed"].includes(window.llmnistWeb!.state().train.phase), undefined, { timeout: 120_000, polling: 1000 });
      const wall = (performance.now() - started) / 1000;
      const { train, errors } = await settledState(page);
      expect(errors).toEqual([]);
      expect(train.phase).toBe("done");
      const first90 = train.accuracy.find((p) => p.accuracy > 90);
      console.log(
        `trained in the tab: ${train.totalSteps} steps in ${train.seconds.toFixed(1)} s (${wall.toFixed(1)} s from the click, data download included): ` +
          `${train.stepsPerSecond.toFixed(1)} steps/s, ${train.imagesPerSecond.toFixed(0)} images/s training, ${train.evalSeconds.toFixed(1)} s evaluating; ` +
          `> 90% after ${first90 ? `${first90.seconds.toFixed(1)} s (step ${first90.step})` : "never"}; final ${train.finalAccuracy}% ` +
          `(history ${train.accuracy.map((p) => `${p.step}:${p.accuracy.toFixed(1)}`).join(" ")})`,
      );
      expect(train.step).toBe(375);
      expect(train.losses).toHaveLength(375);
      expect(train.finalAccuracy).toBeGreaterThan(90);
      expect(train.accuracy.at(-1)).toMatchObject({ step: 375, accuracy: train.finalAccuracy });

      await click(page, "train", "Use for the drawing pad");
      const seven = await drawSeven(page);
      console.log(`drawn 7, read by the model trained in the tab: ${seven.classify.digit} (p = ${seven.classify.probabilities![7]!.toFixed(3)})`);
      expect(seven.train.usedByPad).toBe(true);
      expect(await page.locator("#classify .vit-result .result-label").textContent()).toBe("ViT trained in this tab says");
      expect(seven.classify.digit).toBe(7);
      saveScreenshot("train.png", await panel.screenshot());

      await click(page, "train", "Use the shipped ViT again");
      const shipped = await settledState(page);
      expect(shipped.train.usedByPad).toBe(false);
      expect(shipped.classify.digit).toBe(7);

      // A second run takes the trained model off the pad (its weights are freed), and Stop ends it between steps.
      await click(page, "train", "Use for the drawing pad");
      await panel.getByLabel("images").selectOption("2000");
      await click(page, "train", "Start");
      await page.waitForFunction(() => window.llmnistWeb!.state().train.step >= 5, undefined, { timeout: 60_000, polling: 100 });
      await click(page, "train", "Stop");
      const stopped = await settledState(page);
      expect(stopped.train).toMatchObject({ phase: "stopped", images: 2000, totalSteps: 63, usedByPad: false });
      expect(stopped.train.step).toBeLessThan(63);
      expect(await page.locator("#classify .vit-result .result-label").textContent()).toBe("ViT says");
      expect(stopped.classify.digit).toBe(7);
      expect(stopped.errors).toEqual([]);
      expect(pageErrors).toEqual([]);
      await page.close();
    }, 240_000);

    it("falls back to the cpu backend where tfjs's wasm does not load", async () => {
      const errorsBefore = pageErrors.length;
      const page = await openPage({ viewport: { width: 1280, height: 860 } }, (p) => p.route("**/*.wasm", (route) => route.abort()));
      const state = await drawSeven(page);
      // The blocked downloads are logged as errors: expected here, and nothing else.
      expect(pageErrors.splice(errorsBefore).filter((e) => !e.includes("Failed to load resource"))).toEqual([]);
      expect(state.backend).toBe("cpu");
      expect(state.backendDetail).toContain("wasm unavailable");
      expect(state.classify.digit).toBe(7);
      expect(state.errors).toEqual([]);
      await page.close();
    });
  });
});
