#!/usr/bin/env node
// Makes the drawn-digits set: digits as people draw or write them, never from MNIST, to
// measure how a model trained on MNIST copes with them (`llmnist eval --images ...`).
// Two parts of equal size: "font" (handwriting-style and common fonts drawn by Chromium) and
// "strokes" (hand-designed pen paths of each digit, perturbed, drawn with round caps).
// Needs Debian's chromium and the font packages of fonts.mjs; the set itself is committed,
// so nothing else needs them.
//
//   node scripts/drawn-digits/make-set.mjs --out results/drawn-digits --seed 15
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { checkPictures } from "./check-set.mjs";
import { withChromiumPage } from "./chromium.mjs";
import { cssFont, FACES, faceName, packageVersions } from "./fonts.mjs";
import { encodeIdxUint8, gzip } from "./idx-write.mjs";
import { addNoise } from "./noise.mjs";
import { missingDigitsInPage, renderInPage } from "./page-render.mjs";
import { PARTS, planFontPicture, planStrokesPicture, shuffledOrder } from "./plan.mjs";
import { contactSheet } from "./png.mjs";
import { rngFor } from "./rng.mjs";

const { values } = parseArgs({
  options: {
    out: { type: "string", default: "results/drawn-digits" },
    seed: { type: "string", default: "15" },
    "per-part": { type: "string", default: "1000" },
    size: { type: "string", default: "64" },
  },
});
const int = (flag, text, min) => {
  const v = Number(text);
  if (!Number.isSafeInteger(v) || v < min) throw new Error(`--${flag} must be an integer >= ${min}, got ${JSON.stringify(text)}`);
  return v;
};
const seed = int("seed", values.seed, 0);
const perPart = int("per-part", values["per-part"], 10);
const size = int("size", values.size, 28);
const command = `node scripts/drawn-digits/make-set.mjs --out ${values.out} --seed ${seed} --per-part ${perPart} --size ${size}`;

const versions = packageVersions(FACES.map((f) => f.pkg));
const planned = [
  ...Array.from({ length: perPart }, (_, k) => ({ ...planFontPicture(seed, k), part: PARTS.font, k })),
  ...Array.from({ length: perPart }, (_, k) => ({ ...planStrokesPicture(seed, k), part: PARTS.strokes, k })),
];
const items = shuffledOrder(seed, planned.length).map((i) => planned[i]);

const { pictures, browser } = await withChromiumPage(async (page) => {
  await page.evaluate(`window.renderInPage = ${renderInPage}; window.missingDigitsInPage = ${missingDigitsInPage};`);
  const missing = await page.evaluate((fonts) => window.missingDigitsInPage(fonts), FACES.map((f) => cssFont(f, 48)));
  const lacking = FACES.map((f, i) => [f, missing[i]]).filter(([, m]) => m.length > 0);
  if (lacking.length > 0) {
    throw new Error(`fonts Chromium does not draw (digits fall back to another font): ${lacking.map(([f, m]) => `${faceName(f)} (${f.pkg}): ${m.join("")}`).join("; ")}`);
  }
  const pictures = [];
  for (let start = 0; start < items.length; start += 100) {
    const specs = items.slice(start, start + 100).map((item, i) => ({ ...item.spec, index: start + i }));
    const rendered = await page.evaluate((arg) => window.renderInPage(arg), { size, specs });
    pictures.push(...rendered.map((b64) => new Uint8Array(Buffer.from(b64, "base64"))));
    process.stderr.write(`\rrendered ${pictures.length}/${items.length}`);
  }
  process.stderr.write("\n");
  return { pictures, browser: page.context().browser().version() };
});
items.forEach((item, i) => addNoise(pictures[i], item.noise, rngFor(seed, item.part, item.k, 1)));

const metas = items.map((item, index) => ({ index, ...item.meta }));
const problems = checkPictures(pictures, metas, size);
if (problems.length > 0) throw new Error(`${problems.length} pictures would not read as drawn:\n${problems.slice(0, 20).join("\n")}`);

mkdirSync(values.out, { recursive: true });
const images = new Uint8Array(items.length * size * size);
pictures.forEach((p, i) => images.set(p, i * size * size));
const labels = Uint8Array.from(items, (item) => item.label);
writeFileSync(join(values.out, "drawn-digits-images-idx3-ubyte.gz"), gzip(encodeIdxUint8([items.length, size, size], images)));
writeFileSync(join(values.out, "drawn-digits-labels-idx1-ubyte.gz"), gzip(encodeIdxUint8([items.length], labels)));

const fonts = [...new Map(FACES.map((f) => [faceName(f), { face: faceName(f), family: f.family, weight: f.weight, style: f.style, package: f.pkg, version: versions[f.pkg] }])).values()];
const header = { generator: "scripts/drawn-digits/make-set.mjs", command, seed, count: items.length, per_part: perPart, size, chromium: browser, fonts };
const lines = metas.map((m) => "    " + JSON.stringify(m));
writeFileSync(join(values.out, "meta.json"), JSON.stringify(header, null, 2).replace(/\n}$/, `,\n  "pictures": [\n${lines.join(",\n")}\n  ]\n}\n`));

// Contact sheet: one row per digit, its first 10 font pictures then its first 10 stroke ones.
const sheet = [];
for (let d = 0; d < 10; d++) {
  for (const part of ["font", "strokes"]) sheet.push(...metas.filter((m) => m.label === d && m.part === part).slice(0, 10).map((m) => pictures[m.index]));
}
writeFileSync(join(values.out, "contact-sheet.png"), contactSheet(sheet, size, 20));

const count = (key) => Object.entries(metas.reduce((acc, m) => ((acc[m[key]] = (acc[m[key]] ?? 0) + 1), acc), {}));
console.log(`wrote ${items.length} pictures (${size}x${size}) to ${values.out}; ${command}`);
console.log(`chromium ${browser}`);
console.log("\n| face | family | Debian package | version | pictures |\n|---|---|---|---|---|");
for (const f of fonts) console.log(`| ${f.face} | ${f.family} | ${f.package} | ${f.version} | ${metas.filter((m) => m.face === f.face).length} |`);
console.log(`\nparts: ${JSON.stringify(Object.fromEntries(count("part")))}; polarity: ${JSON.stringify(Object.fromEntries(count("polarity")))}`);
console.log(`skeletons: ${JSON.stringify(Object.fromEntries(count("skeleton").filter(([k]) => k !== "undefined")))}`);
