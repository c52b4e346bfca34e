import * as tfl from "@tensorflow/tfjs-layers";

type LayerVariable = tfl.LayerVariable;

/**
 * A layer built from other layers (like a PyTorch `nn.Module` with sub-modules).
 *
 * tfjs-layers only tracks weights a layer created itself with `addWeight`; this base class
 * reports its children's weights too, so `countParams`, `getWeights`/`setWeights`,
 * `trainableWeights` and `LayersModel.save`/`loadWeights` see the whole tree.
 *
 * Children are named by their attribute path (`layers.0.attn.q_proj`), so their weights
 * are named like PyTorch parameters (`layers.0.attn.q_proj.weight`).
 */
export abstract class CompositeLayer extends tfl.layers.Layer {
  /** The direct children, in a stable order (the order of the weights). */
  protected abstract children(): tfl.layers.Layer[];

  /** Name a child by its attribute path below this layer, e.g. `layers.0.attn`. */
  protected childName(attribute: string): string {
    return `${this.name}.${attribute}`;
  }

  override get trainableWeights(): LayerVariable[] {
    if (!this.trainable) return [];
    const own = super.trainableWeights;
    return own.concat(...this.children().map((child) => child.trainableWeights));
  }

  override set trainableWeights(weights: LayerVariable[]) {
    super.trainableWeights = weights;
  }

  override get nonTrainableWeights(): LayerVariable[] {
    const own = super.nonTrainableWeights;
    const fromChildren = this.children().map((child) =>
      this.trainable ? child.nonTrainableWeights : child.weights,
    );
    return own.concat(...fromChildren);
  }

  override set nonTrainableWeights(weights: LayerVariable[]) {
    super.nonTrainableWeights = weights;
  }
}

/** Build a child layer eagerly for an input shape (no-op when already built). */
export function buildChild(child: tfl.layers.Layer, inputShape: tfl.Shape): void {
  if (child.built) return;
  child.build(inputShape);
  child.built = true;
}
