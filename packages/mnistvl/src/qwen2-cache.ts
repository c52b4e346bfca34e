import * as tf from "@tensorflow/tfjs-core";
import { KVCache } from "@llmnist/nn-layers";

/** One KV cache per decoder layer: what a Qwen2 model has already seen. */
export class Qwen2Cache {
  readonly layers: KVCache[];

  constructor(numLayers: number) {
    this.layers = Array.from({ length: numLayers }, () => new KVCache());
  }

  /** Positions already stored (the RoPE offset of the next token). */
  get length(): number {
    return this.layers[0]?.length ?? 0;
  }

  /**
   * A batch-`batch` cache whose every row is this (batch-1) cache: a shared prompt prefix is
   * run once and reused by every example. Differentiable (tile), so training can use it too.
   */
  broadcastTo(batch: number): Qwen2Cache {
    const out = new Qwen2Cache(this.layers.length);
    this.layers.forEach((layer, i) => {
      if (!layer.keys || !layer.values) throw new Error(`Qwen2Cache.broadcastTo: layer ${i} is empty`);
      if (layer.keys.shape[0] !== 1) throw new Error(`Qwen2Cache.broadcastTo: expected a batch-1 cache, got batch ${layer.keys.shape[0]}`);
      const target = out.layers[i]!;
      target.keys = tf.keep(tf.tile(layer.keys, [batch, 1, 1, 1])); // [B, kv_heads, past, head_dim]
      target.values = tf.keep(tf.tile(layer.values, [batch, 1, 1, 1])); // [B, kv_heads, past, head_dim]
    });
    return out;
  }

  dispose(): void {
    for (const layer of this.layers) layer.dispose();
  }
}
