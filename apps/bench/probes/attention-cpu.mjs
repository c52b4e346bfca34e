// CPU ms of the fused attention kernel, forward and forward+backward, at the 0.21M shapes.
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-wasm";
import "@llmnist/train";
import { registerFastWasmKernels, fusedAttention } from "@llmnist/kernels";
registerFastWasmKernels();
await tf.setBackend("wasm"); await tf.ready();
const [B, hq, hkv, n, hd] = [32, 8, 2, 17, 8];
const q = tf.randomNormal([B, n, hq * hd]), k = tf.randomNormal([B, n, hkv * hd]), v = tf.randomNormal([B, n, hkv * hd]);
const opts = { scale: hd ** -0.5, numHeads: hq, numKvHeads: hkv };
const cpuMs = (f, reps = 100) => { for (let i = 0; i < 5; i++) tf.dispose(f()); const c0 = process.cpuUsage(); for (let i = 0; i < reps; i++) tf.dispose(f()); const c = process.cpuUsage(c0); return ((c.user + c.system) / 1000 / reps).toFixed(3); };
const g = tf.grads((a, b, c) => tf.sum(fusedAttention(a, b, c, opts)));
console.log(JSON.stringify({ forward_ms: cpuMs(() => fusedAttention(q, k, v, opts)), forward_backward_ms: cpuMs(() => g([q, k, v])) }));
