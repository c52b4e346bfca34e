import * as tf from "@tensorflow/tfjs-core";

/**
 * Keys and values of one attention layer from earlier decoding steps.
 * Tensors are kept (outside tidy scopes) and replaced as the sequence grows.
 */
export class KVCache {
  keys: tf.Tensor | null = null; // [B, kv_heads, past, head_dim]
  values: tf.Tensor | null = null; // [B, kv_heads, past, head_dim]

  /** Number of positions already stored. */
  get length(): number {
    return this.keys?.shape[2] ?? 0;
  }

  /** Append this step's keys/values and return the full sequences (owned by the cache). */
  append(keys: tf.Tensor, values: tf.Tensor): { keys: tf.Tensor; values: tf.Tensor } {
    const nextKeys = tf.keep(this.keys ? tf.concat([this.keys, keys], 2) : keys.clone());
    const nextValues = tf.keep(this.values ? tf.concat([this.values, values], 2) : values.clone());
    this.keys?.dispose();
    this.values?.dispose();
    this.keys = nextKeys;
    this.values = nextValues;
    return { keys: nextKeys, values: nextValues };
  }

  dispose(): void {
    this.keys?.dispose();
    this.values?.dispose();
    this.keys = null;
    this.values = null;
  }
}
