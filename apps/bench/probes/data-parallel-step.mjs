// Quick probe: where a data-parallel training step of a ViT preset spends its time (wasm).
// usage: node probes/data-parallel-step.mjs [preset] [steps]
import * as tf from "@tensorflow/tfjs-core";
import { createVisionTransformer } from "@llmnist/vit";
import { AdamW, createDataParallel, selectBackend } from "@llmnist/train/node";
import { lossByName } from "@llmnist/cpo-loss";
import { vitReplica } from "@llmnist/cli";
const preset = process.argv[2] ?? "0.21M";
const steps = Number(process.argv[3] ?? 20);
await selectBackend({ prefer: "wasm" });
const model = createVisionTransformer(preset, { seed: 1 });
const optimizer = new AdamW({ weightDecay: 0.01 });
const parallel = await createDataParallel(model, lossByName("ce"), optimizer, { replica: vitReplica(preset, "ce"), backend: "wasm", batchSize: 32 });
const images = tf.randomUniform([32, 28, 28, 1]);
const labels = tf.tensor1d(Array.from({ length: 32 }, (_, i) => i % 10), "int32");
for (let i = 0; i < 3; i++) await parallel.step(images, labels, 1e-3);
const before = parallel.timing();
const t0 = performance.now();
for (let i = 0; i < steps; i++) await parallel.step(images, labels, 1e-3);
const ms = (performance.now() - t0) / steps;
const after = parallel.timing();
const per = Object.fromEntries(Object.keys(after).filter((k) => k !== "steps").map((k) => [k, +((after[k] - before[k]) / steps).toFixed(1)]));
console.log(JSON.stringify({ preset, ms_per_step: +ms.toFixed(1), images_per_s: +(32000 / ms).toFixed(0), per_step_ms: per }));
await parallel.dispose();
