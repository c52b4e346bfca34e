/**
 * Registers TensorFlow.js's gradient functions for every kernel (tf.grad, tf.variableGrads).
 * Bare @tensorflow/tfjs-core registers none, so without this any training fails with
 * "gradient function not found for <Op>".
 *
 * @tensorflow/tfjs-layers (a peer dependency, like tfjs-core) registers them all when
 * imported: its Node build (CommonJS) carries them, its ESM entry imports tfjs-core's
 * register_all_gradients for bundlers. tfjs-core's own file cannot be imported here: it is ESM
 * with extension-less imports that Node cannot load, so using it would mean bundling a copy of
 * tfjs-core into this package. Registries are process-wide, so one import is enough.
 */
import "@tensorflow/tfjs-layers";

/** Does nothing: importing this package registers the gradients; call it to make the dependency explicit. */
export function ensureGradientsRegistered(): void {}
