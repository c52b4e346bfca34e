import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-wasm";
import { registerFastWasmKernels } from "@llmnist/kernels";
registerFastWasmKernels();
await tf.setBackend("wasm"); await tf.ready();
const cases = [[544,64,128],[544,128,64],[544,64,16],[64,544,128],[1600,128,256],[8500,64,128]];
let total = 0;
for (const [m,k,n] of cases) for (const [ta,tb] of [[false,false],[false,true],[true,false]]) {
  const a = tf.randomNormal(ta?[k,m]:[m,k]), b = tf.randomNormal(tb?[n,k]:[k,n]);
  for (let i=0;i<3;i++) tf.matMul(a,b,ta,tb).dispose();
  const reps = 20; const c0 = process.cpuUsage();
  for (let i=0;i<reps;i++) tf.matMul(a,b,ta,tb).dispose();
  const c = process.cpuUsage(c0); const ms = (c.user+c.system)/1000/reps;
  total += 2*m*n*k*reps/1e9 / ((c.user+c.system)/1e6);
}
console.log("mean GFLOP/s (cpu time)", (total/18).toFixed(2));
