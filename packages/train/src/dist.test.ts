import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";

// The built package (dist/), run by plain Node as a user would: the wasm backend must load
// its .wasm files from node_modules, and backend.ts's import.meta.url must work in CJS too.
const pkgDir = join(dirname(fileURLToPath(import.meta.url)), "..");
// Node's entry (the "node" condition of "."): the browser-safe index plus files, threads and backends.
const distEsm = join(pkgDir, "dist", "node.js");
const distCjs = join(pkgDir, "dist", "node.cjs");

function newestSourceMtime(): number {
  const srcDir = join(pkgDir, "src");
  const files = readdirSync(srcDir).map((f) => join(srcDir, f));
  files.push(join(pkgDir, "tsup.config.ts"), join(pkgDir, "package.json"));
  return Math.max(...files.map((f) => statSync(f).mtimeMs));
}

beforeAll(() => {
  // Tests of a package normally run on its built dependencies only; build this one when
  // dist/ is missing or older than the sources.
  const stale = [distEsm, distCjs].some((f) => !existsSync(f) || statSync(f).mtimeMs < newestSourceMtime());
  if (stale) execFileSync("pnpm", ["exec", "tsup"], { cwd: pkgDir, stdio: "pipe", timeout: 120_000 });
}, 150_000);

const script = (load: string): string => `
${load}
const choice = await train.selectBackend({ prefer: process.argv[1] });
const tf = await import("@tensorflow/tfjs-core");
const out = tf.tidy(() => tf.matMul(tf.tensor2d([[1, 2], [3, 4]]), tf.tensor2d([[5], [6]])).dataSync());
console.log(JSON.stringify({ name: choice.name, tf: tf.getBackend(), out: Array.from(out), line: train.describeBackend(choice) }));
`;

function run(load: string, prefer: string): { name: string; tf: string; out: number[]; line: string } {
  const res = spawnSync(process.execPath, ["--input-type=module", "-e", script(load), prefer], {
    cwd: pkgDir,
    encoding: "utf8",
    timeout: 60_000,
    env: { ...process.env, LLMNIST_BACKEND: "" },
  });
  if (res.status !== 0) throw new Error(`node exited with ${res.status}: ${res.stderr}`);
  const last = res.stdout.trim().split("\n").pop()!;
  return JSON.parse(last);
}

describe("the built package in plain Node", () => {
  it("selects and runs the wasm backend from dist/node.js (ESM)", () => {
    const r = run(`const train = await import(${JSON.stringify(distEsm)});`, "wasm");
    expect(r).toMatchObject({ name: "wasm", tf: "wasm", out: [17, 39] });
    expect(r.line).toMatch(/^backend: wasm \(wasm: ok, \d+ threads?, (SIMD|no SIMD), (llmnist kernels, (relaxed-simd|simd128)|tfjs kernels)\)$/);
  });

  it("selects and runs the wasm backend from dist/node.cjs (require)", () => {
    const load = `import { createRequire } from "node:module";
const train = createRequire(${JSON.stringify(distCjs)})(${JSON.stringify(distCjs)});`;
    const r = run(load, "wasm");
    expect(r).toMatchObject({ name: "wasm", tf: "wasm", out: [17, 39] });
  });

  it("auto works when imported by name, where Node's \"node\" condition picks the Node entry (without importing a tfjs-node that has no binding)", () => {
    const r = run(`const train = await import("@llmnist/train");`, "auto");
    expect(["tensorflow-gpu", "tensorflow", "wasm"]).toContain(r.name);
    expect(r.out).toEqual([17, 39]);
  });
});
