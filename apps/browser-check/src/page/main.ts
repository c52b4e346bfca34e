// The browser check's page: the packages' built dist bundled by esbuild for the browser, with
// no stubs. Node's "node" export condition is not active here, so @llmnist/kernels is its
// browser-safe entry (no helper thread, the build the engine validates).
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import "@tensorflow/tfjs-backend-webgl";
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import { kernelBuild, registerFastWasmKernels } from "@llmnist/kernels";
import type { Classification, Digits, LlmnistCheck } from "./protocol.js";
import { relaxedSimdValidates } from "./relaxed-simd-probe.js";
import { renderDigits } from "./render.js";
import { vitFromBytes } from "./vit-from-bytes.js";

setWasmPaths("/tfjs-wasm/"); // the server hands out tfjs-backend-wasm's .wasm files there
registerFastWasmKernels();

async function fetchOk(url: string): Promise<Response> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`GET ${url}: HTTP ${response.status}`);
  return response;
}

const digits: Promise<Digits> = fetchOk("/digits.json").then((r) => r.json() as Promise<Digits>);
const checkpoint: Promise<Uint8Array> = fetchOk("/model.safetensors").then(async (r) => new Uint8Array(await r.arrayBuffer()));

async function classify(backend: "wasm" | "webgl" | "cpu"): Promise<Classification> {
  if (!(await tf.setBackend(backend))) throw new Error(`tf.setBackend("${backend}") failed in this browser`);
  await tf.ready();
  const { images, labels } = await digits;
  const model = vitFromBytes(await checkpoint, "model.safetensors");
  try {
    const x = tf.tensor4d(images, [labels.length, 28, 28, 1]); // [B, 28, 28, 1]
    const profile = await tf.profile(() => model.forward(x));
    const logitsTensor = profile.result as tf.Tensor2D;
    const logits = (await logitsTensor.array()) as number[][];
    const predictions = (await tf.argMax(logitsTensor, 1).array()) as number[];
    tf.dispose([x, logitsTensor]);
    return {
      backend: tf.getBackend(),
      logits,
      predictions,
      kernelsRun: [...new Set(profile.kernelNames)].sort(),
      kernelBuild: kernelBuild(),
      relaxedSimdValidates: relaxedSimdValidates(),
    };
  } finally {
    model.disposeWeights();
  }
}

const check: LlmnistCheck = {
  classify,
  async render(title, runs) {
    renderDigits(document.getElementById("app")!, title, await digits, runs);
  },
};
window.llmnistCheck = check;
