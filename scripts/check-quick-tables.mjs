#!/usr/bin/env node
// After `pnpm repro:tables --quick`: the table file must exist and show the 0.21M row of both
// tables (cross-entropy and CPO), else CI fails with what is missing.
import { existsSync, readFileSync } from "node:fs";

const file = new URL("../results/quick/tables.md", import.meta.url);
if (!existsSync(file)) {
  console.error(`repro:tables --quick produced no ${file.pathname}`);
  process.exit(1);
}
const text = readFileSync(file, "utf8");
const rows = text.split("\n").filter((line) => line.startsWith("| 0.21M |"));
if (rows.length < 2) {
  console.error(`${file.pathname}: expected a 0.21M row in both tables (ce and cpo), found ${rows.length}:\n${text}`);
  process.exit(1);
}
console.log(`repro:tables --quick: ${file.pathname} has ${rows.length} rows for 0.21M`);
