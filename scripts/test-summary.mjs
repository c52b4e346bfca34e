#!/usr/bin/env node
// Sums the vitest JSON reports of every workspace package into one closing line
// ("N passed, N failed"), or with --clean removes old reports before a run.
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
// Every workspace package with a "test" script must leave a report: a missing one is a failure.
const tested = ["packages", "apps"]
  .filter((group) => existsSync(join(root, group)))
  .flatMap((group) => readdirSync(join(root, group)).map((name) => join(root, group, name)))
  .filter((dir) => existsSync(join(dir, "package.json")))
  .filter((dir) => Boolean(JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).scripts?.test));
const expected = tested.map((dir) => join(dir, ".vitest", "report.json"));
const reports = expected.filter((file) => existsSync(file));

if (process.argv.includes("--clean")) {
  for (const file of reports) rmSync(file);
  process.exit(0);
}

let passed = 0;
let failed = 0;
let skipped = 0;
for (const file of reports) {
  const report = JSON.parse(readFileSync(file, "utf8"));
  passed += report.numPassedTests ?? 0;
  failed += report.numFailedTests ?? 0;
  skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
}
const missing = expected.filter((file) => !existsSync(file));
console.log(`${reports.length} of ${expected.length} packages reported`);
for (const file of missing) console.log(`missing test report: ${file}`);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || passed === 0 || missing.length > 0 ? 1 : 0);
