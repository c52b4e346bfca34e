// Quick probe: ms per training step of a ViT preset on wasm, with or without our kernels.
// usage: node probes/train-step.mjs [preset] [fast|orig] [steps] [batch] [--profile]
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-wasm";
import { createVisionTransformer } from "@llmnist/vit";
import { AdamW } from "@llmnist/train";
import { crossEntropy } from "@llmnist/cpo-loss";
import { registerFastWasmKernels } from "@llmnist/kernels";
const preset = process.argv[2] ?? "0.21M";
const fast = process.argv[3] !== "orig";
const steps = Number(process.argv[4] ?? 10);
const batch = Number(process.argv[5] ?? 32);
const profile = process.argv.includes("--profile");
if (fast) registerFastWasmKernels();
await tf.setBackend("wasm"); await tf.ready();
const model = createVisionTransformer(preset, { seed: 1 });
const params = model.namedParameters();
const vars = params.map(([, v]) => v);
const byVar = new Map(params.map(([n, v]) => [v.name, n]));
const opt = new AdamW({ weightDecay: 0.01 });
const images = tf.randomUniform([batch, 28, 28, 1]);
const labels = tf.tensor1d(Array.from({ length: batch }, (_, i) => i % 10), "int32");
function step() {
  const { value, grads } = tf.variableGrads(() => crossEntropy(model.forward(images, true), labels), vars);
  const named = new Map(Object.entries(grads).map(([k, g]) => [byVar.get(k), g]));
  opt.applyGradients(params, named, 1e-3);
  const l = value.dataSync()[0];
  value.dispose(); for (const g of Object.values(grads)) g.dispose();
  return l;
}
for (let i = 0; i < 3; i++) step();
if (profile) {
  const info = await tf.profile(() => { step(); });
  const byName = new Map();
  for (const k of info.kernels) { const e = byName.get(k.name) ?? { n: 0, ms: 0 }; e.n++; e.ms += k.kernelTimeMs; byName.set(k.name, e); }
  const rows = [...byName].sort((a, b) => b[1].ms - a[1].ms);
  const total = rows.reduce((s, [, e]) => s + e.ms, 0);
  console.log(`kernels ${info.kernels.length}, kernel ms ${total.toFixed(1)}`);
  for (const [name, e] of rows.slice(0, 25)) console.log(name.padEnd(24), String(e.n).padStart(5), e.ms.toFixed(2));
}
const t0 = performance.now();
const c0 = process.cpuUsage();
let loss = 0;
for (let i = 0; i < steps; i++) loss = step();
const ms = (performance.now() - t0) / steps;
const c1 = process.cpuUsage(c0);
const cpuMs = (c1.user + c1.system) / 1000 / steps;
console.log(JSON.stringify({ preset, batch, fast, fused: process.env.LLMNIST_FUSED !== "0", ms_per_step: +ms.toFixed(1), cpu_ms_per_step: +cpuMs.toFixed(1), images_per_s: +((batch * 1000) / ms).toFixed(1), loss, tensors: tf.memory().numTensors }));
