// Seconds (wall and CPU) to evaluate a 0.21M ViT on the 10,000 MNIST test images.
import { createVisionTransformer } from "@llmnist/vit";
import { evaluateClassifier, selectBackend } from "@llmnist/train/node";
import { takeSubset } from "@llmnist/mnist-data";
import { loadMnistSplit } from "@llmnist/mnist-data/node";
const choice = await selectBackend({ prefer: process.argv[2] ?? "wasm" });
const model = createVisionTransformer(process.argv[3] ?? "0.21M", { seed: 1 });
const test = await loadMnistSplit("test");
const batchSize = Number(process.argv[4] ?? 500);
evaluateClassifier(model, takeSubset(test, 500), { batchSize });
const t0 = performance.now(), c0 = process.cpuUsage();
const result = evaluateClassifier(model, test, { batchSize });
const c = process.cpuUsage(c0);
console.log(JSON.stringify({ backend: choice.name, batchSize, wall_s: +((performance.now() - t0) / 1000).toFixed(2), cpu_s: +((c.user + c.system) / 1e6).toFixed(2), accuracy: result.accuracy }));
