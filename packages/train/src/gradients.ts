/**
 * Registers TensorFlow.js's gradient functions for every kernel (tf.grad, tf.variableGrads).
 * Bare @tensorflow/tfjs-core registers none (the @tensorflow/tfjs union package does), so
 * without this any training fails with "gradient function not found for <Op>".
 *
 * The file is ESM with extension-less imports that Node cannot load directly, so tsup
 * bundles it into dist (noExternal in tsup.config.ts) and vitest transforms it
 * (server.deps.inline in vitest.config.ts). Its ops are a second copy of tfjs-core's, which
 * tfjs-core supports: the engine, registries and Tensor class are process-wide globals.
 */
import "@tensorflow/tfjs-core/dist/register_all_gradients";

/** Does nothing: importing this package registers the gradients; call it to make the dependency explicit. */
export function ensureGradientsRegistered(): void {}
