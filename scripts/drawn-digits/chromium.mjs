// Headless Debian Chromium through playwright-core, as apps/browser-check does: no download,
// no network. The page is blank; everything is drawn on canvases by page.evaluate.
import { existsSync } from "node:fs";
import { chromium } from "playwright-core";

const CANDIDATES = process.env.LLMNIST_CHROMIUM ? [process.env.LLMNIST_CHROMIUM] : ["/usr/bin/chromium", "/usr/bin/chromium-browser"];
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"];

/** Runs `use(page)` in a fresh headless Chromium and always closes it. */
export async function withChromiumPage(use) {
  const executablePath = CANDIDATES.find((p) => existsSync(p));
  if (executablePath === undefined) {
    throw new Error(`Chromium not found: looked for ${CANDIDATES.join(", ")} (apt-get install chromium, or set LLMNIST_CHROMIUM)`);
  }
  const browser = await chromium.launch({ executablePath, args: ARGS });
  try {
    const page = await browser.newPage();
    await page.setContent("<!doctype html><html><body></body></html>");
    return await use(page);
  } finally {
    await browser.close();
  }
}
