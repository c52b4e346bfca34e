// node --test scripts/check-packages/: README examples made runnable, and what they import.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { importedPackages, toCommonJs, toEsm } from "./example-code.mjs";

const EXAMPLE = `
import * as path from "node:path";
import type { Tensor } from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { x } from "@llmnist/x/node";
const later = await import("fs");
const sum = (a: number, b: number): number => a + b;
console.log(sum(await Promise.resolve(1), 2), typeof import.meta.url);
`;

test("imported packages: bare specifiers as package names, Node built-ins left out, type-only imports counted", () => {
  assert.deepEqual(importedPackages(EXAMPLE), ["@llmnist/x", "@tensorflow/tfjs-backend-cpu", "@tensorflow/tfjs-core"]);
  assert.deepEqual(importedPackages('const a = require("pngjs/lib/png"); import("./local.js");'), ["pngjs"]);
});

test("a TypeScript example runs as an ES module and as CommonJS", () => {
  const code = 'const sum = (a: number, b: number): number => a + b;\nconsole.log(sum(await Promise.resolve(1), 2), typeof import.meta.url);\n';
  const dir = mkdtempSync(join(tmpdir(), "llmnist-example-code-"));
  try {
    writeFileSync(join(dir, "example.mjs"), toEsm(code, "ts"));
    writeFileSync(join(dir, "example.cjs"), toCommonJs(code, "ts"));
    for (const file of ["example.mjs", "example.cjs"]) {
      const result = spawnSync(process.execPath, [file], { cwd: dir, encoding: "utf8" });
      assert.equal(result.stderr, "", file);
      assert.equal(result.stdout, "3 string\n", file);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("CommonJS turns imports into require() calls", () => {
  const cjs = toCommonJs('import { a } from "pkg";\nconsole.log(a);\n', "js");
  assert.match(cjs, /require\("pkg"\)/);
  assert.doesNotMatch(cjs, /^import /m);
});

test("an example that does not parse is an error naming it", () => {
  assert.throws(() => toEsm("const x = ;", "ts"), /example\.ts: the example does not parse/);
});
