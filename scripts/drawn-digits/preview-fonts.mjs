#!/usr/bin/env node
// Draws every face of fonts.mjs as a row of 0..9 (upright, centred, no noise) into one PNG,
// and names the faces whose digits fall back to another font: to review the font list.
// usage: node scripts/drawn-digits/preview-fonts.mjs OUT.png
import { writeFileSync } from "node:fs";
import { withChromiumPage } from "./chromium.mjs";
import { cssFont, FACES, faceName } from "./fonts.mjs";
import { missingDigitsInPage, renderInPage } from "./page-render.mjs";
import { contactSheet } from "./png.mjs";

const out = process.argv[2];
if (!out) throw new Error("usage: preview-fonts.mjs OUT.png");
const size = 64;
const specs = FACES.flatMap((face, f) =>
  [..."0123456789"].map((text, d) => ({
    index: f * 10 + d, kind: "font", text, font: cssFont(face, 160), stroke: 0,
    rotation: 0, size: 0.8, x: 0.5, y: 0.5, paper: 255, ink: 0, blur: 0,
  })),
);
const { pictures, missing } = await withChromiumPage(async (page) => {
  await page.evaluate(`window.renderInPage = ${renderInPage}; window.missingDigitsInPage = ${missingDigitsInPage};`);
  const missing = await page.evaluate((fonts) => window.missingDigitsInPage(fonts), FACES.map((f) => cssFont(f, 48)));
  const pictures = await page.evaluate((arg) => window.renderInPage(arg), { size, specs });
  return { pictures, missing };
});
writeFileSync(out, contactSheet(pictures.map((b) => new Uint8Array(Buffer.from(b, "base64"))), size, 10));
FACES.forEach((face, f) => console.log(`${String(f).padStart(2)} ${faceName(face).padEnd(28)} ${missing[f].length ? "falls back for " + missing[f].join("") : "ok"}`));
