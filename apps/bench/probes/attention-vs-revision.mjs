// Probe: the attention kernels (forward, backward) of the kernels built now against those of
// an earlier git revision, interleaved, at the shapes of a training step (batch 32,
// token-major), one thread. Medians of 7 rounds.
//   node apps/bench/probes/attention-vs-revision.mjs <git revision>
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { setFlagsFromString } from "node:v8";

setFlagsFromString("--experimental-wasm-relaxed-simd"); // Node 20; a no-op where it is on already
const revision = process.argv[2];
if (!revision) throw new Error("usage: node apps/bench/probes/attention-vs-revision.mjs <git revision>");
const generatedPath = "packages/kernels/src/generated/kernels-wasm.ts";
const root = new URL("../../../", import.meta.url);
const relaxedModule = (text) => text.match(/export const KERNELS_RELAXED_WASM_BASE64 =\s*"([^"]+)"/)[1];
const builds = {
  [revision]: relaxedModule(execFileSync("git", ["show", `${revision}:${generatedPath}`], { cwd: root, encoding: "utf8", maxBuffer: 1 << 26 })),
  now: relaxedModule(readFileSync(new URL(generatedPath, root), "utf8")),
};
const modules = Object.entries(builds).map(([name, base64]) => {
  const memory = new WebAssembly.Memory({ initial: 1600 }); // 100 MiB
  const kernels = new WebAssembly.Instance(new WebAssembly.Module(Buffer.from(base64, "base64")), { env: { memory } }).exports;
  kernels.__stack_pointer.value = memory.buffer.byteLength;
  const heap = new Float32Array(memory.buffer);
  for (let i = 0; i < 4_000_000; i++) heap[(1 << 18) + i] = Math.sin(i * 0.7);
  return { name, kernels, forward: [], backward: [] };
});
// [preset, batch, query heads, kv heads, tokens, head size]
const shapes = [["0.21M", 32, 8, 2, 17, 8], ["1.68M", 32, 16, 4, 50, 8], ["53.53M", 32, 32, 8, 50, 16]];
const timeMs = (run, reps) => {
  const t0 = performance.now();
  for (let r = 0; r < reps; r++) run();
  return (performance.now() - t0) / reps;
};
for (let round = 0; round < 7; round++) {
  shapes.forEach(([, B, hq, hkv, n, hd], s) => {
    const f = 4; // bytes per float
    const q = 1 << 20, k = q + f * B * n * hq * hd, v = k + f * B * n * hkv * hd, out = v + f * B * n * hkv * hd;
    const probs = out + f * B * n * hq * hd, dq = probs + f * B * hq * n * n, dk = dq + f * B * n * hq * hd, dv = dk + f * B * n * hkv * hd;
    const scratch = (dv + f * B * n * hkv * hd + 64) & ~15;
    for (const m of modules) {
      (m.forward[s] ??= []).push(timeMs(() => m.kernels.attention(q, k, v, out, probs, B, hq, hkv, n, n, hd, 0.35, 0, 0, 1, scratch), 20));
      (m.backward[s] ??= []).push(timeMs(() => m.kernels.attention_grad(out, q, k, v, probs, dq, dk, dv, B, hq, hkv, n, n, hd, 0.35, 1, scratch), 20));
    }
  });
}
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const [before, after] = modules;
console.log(`| preset shape | forward ms (${before.name}) | forward ms (now) | speed-up | backward ms (${before.name}) | backward ms (now) | speed-up |`);
console.log("|---|---|---|---|---|---|---|");
shapes.forEach(([preset, B, hq, hkv, n, hd], s) => {
  const [f0, f1, b0, b1] = [median(before.forward[s]), median(after.forward[s]), median(before.backward[s]), median(after.backward[s])];
  console.log(`| ${preset}: B ${B}, ${hq}/${hkv} heads, ${n} tokens, hd ${hd} | ${f0.toFixed(2)} | ${f1.toFixed(2)} | ${(f0 / f1).toFixed(2)}x | ${b0.toFixed(2)} | ${b1.toFixed(2)} | ${(b0 / b1).toFixed(2)}x |`);
});
