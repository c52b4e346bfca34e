// Milliseconds per image of the 0.21M ViT's forward pass (predictProba, as `llmnist serve`
// runs it) at batch 1 and in batches of 32 and 64: how much batching can give a server whose
// requests cost nothing else. Usage: node probes/forward-batch.mjs [rounds]
import { createVisionTransformer } from "@llmnist/vit";
import { describeBackend, selectBackend } from "@llmnist/train/node";
import * as tf from "@tensorflow/tfjs-core";

const choice = await selectBackend({ prefer: "wasm" });
console.error(describeBackend(choice));
const model = createVisionTransformer("0.21M", { seed: 1 });
const msPerImage = (batch, reps) => {
  const x = tf.randomUniform([batch, 28, 28, 1]);
  for (let i = 0; i < 3; i++) tf.tidy(() => model.predictProba(x).dataSync());
  const started = performance.now();
  for (let i = 0; i < reps; i++) tf.tidy(() => model.predictProba(x).dataSync());
  x.dispose();
  return (performance.now() - started) / reps / batch;
};
for (let round = 0; round < Number(process.argv[2] ?? 3); round++) {
  const one = msPerImage(1, 300);
  const b32 = msPerImage(32, 30);
  const b64 = msPerImage(64, 15);
  console.log(JSON.stringify({ ms_batch1: +one.toFixed(3), ms_per_image_batch32: +b32.toFixed(3), ms_per_image_batch64: +b64.toFixed(3), batch32_speedup: +(one / b32).toFixed(2) }));
}
