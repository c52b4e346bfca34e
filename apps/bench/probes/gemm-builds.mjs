// Probe: GFLOP/s of the GEMM in the two embedded builds of @llmnist/kernels (simd128 and
// relaxed-simd = fused multiply-add), interleaved on the matrix shapes of a training step of
// the 0.21M (rows = 32 x 17) and 1.68M (rows = 32 x 50) presets. Medians of 5 rounds.
//   node apps/bench/probes/gemm-builds.mjs
import { readFileSync } from "node:fs";
import { setFlagsFromString } from "node:v8";

setFlagsFromString("--experimental-wasm-relaxed-simd"); // Node 20; a no-op where it is on already
const generated = readFileSync(new URL("../../../packages/kernels/src/generated/kernels-wasm.ts", import.meta.url), "utf8");
const base64 = (name) => generated.match(new RegExp(`export const ${name} =\\s*"([^"]+)"`))[1];
const builds = { simd128: base64("KERNELS_WASM_BASE64"), "relaxed-simd": base64("KERNELS_RELAXED_WASM_BASE64") };
// [m, n, k, transA, transB]: forward x W, backward dY W^T and X^T dY.
const shapes = [
  [544, 64, 64, 0, 0], [544, 16, 64, 0, 0], [544, 128, 64, 0, 0], [544, 64, 128, 0, 0],
  [544, 64, 64, 0, 1], [544, 64, 16, 0, 1], [544, 64, 128, 0, 1], [544, 128, 64, 0, 1],
  [64, 64, 544, 1, 0], [64, 16, 544, 1, 0], [64, 128, 544, 1, 0], [128, 64, 544, 1, 0],
  [1600, 128, 128, 0, 0], [1600, 256, 128, 0, 0], [1600, 128, 256, 0, 1], [128, 256, 1600, 1, 0],
];
const modules = Object.entries(builds).map(([name, b64]) => {
  const memory = new WebAssembly.Memory({ initial: 1600 }); // 100 MiB
  const instance = new WebAssembly.Instance(new WebAssembly.Module(Buffer.from(b64, "base64")), { env: { memory } });
  instance.exports.__stack_pointer.value = memory.buffer.byteLength;
  const heap = new Float32Array(memory.buffer);
  for (let i = 0; i < 6_000_000; i++) heap[(1 << 18) + i] = Math.sin(i) * 0.5;
  return { name, gemm: instance.exports.sgemm_rows, gflops: shapes.map(() => []) };
});
const [A, B, C, S] = [1 << 20, (1 << 20) + 8e6, (1 << 20) + 16e6, (1 << 20) + 24e6];
for (let round = 0; round < 5; round++) {
  shapes.forEach(([m, n, k, ta, tb], i) => {
    for (const mod of modules) {
      const reps = Math.max(3, Math.round(3e8 / (2 * m * n * k)));
      const t0 = performance.now();
      for (let r = 0; r < reps; r++) mod.gemm(m, n, k, A, ta ? m : k, ta, B, tb, C, 0, S);
      mod.gflops[i].push((2 * m * n * k * reps) / ((performance.now() - t0) * 1e6));
    }
  });
}
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
console.log(`| m, n, k, transA, transB | ${modules.map((m) => `${m.name} GFLOP/s`).join(" | ")} |`);
console.log(`|---|${modules.map(() => "---").join("|")}|`);
shapes.forEach((s, i) => console.log(`| ${s.join(", ")} | ${modules.map((m) => median(m.gflops[i]).toFixed(1)).join(" | ")} |`));
const geomean = (m) => Math.exp(m.gflops.reduce((sum, xs) => sum + Math.log(median(xs)), 0) / shapes.length);
console.log(`| geometric mean | ${modules.map((m) => geomean(m).toFixed(1)).join(" | ")} |`);
