import * as tf from "@tensorflow/tfjs-core";

/**
 * Auxiliary losses (e.g. a mixture-of-experts' load-balancing loss) that layers compute in
 * their forward pass and a training loop adds to the task loss, without the loop knowing the
 * model: it runs the forward pass inside `collectAuxiliaryLosses`, and every layer that
 * calls `reportAuxiliaryLoss` during it hands its loss to that collection.
 *
 * Layers call `apply`/`call` inside `tf.tidy`, so a reported loss would be freed when the
 * layer returns; the collection keeps a clone of it instead, which the caller then owns.
 */

/** One active collection: the losses reported while its function runs. */
interface Collection {
  losses: tf.Scalar[];
  sources: string[];
  metrics: Array<Record<string, number>>;
}

// A stack, so collections nest; a report goes to the innermost one only. Kept on globalThis so
// that the ESM and CommonJS builds of this package, if both get loaded, share it.
const STACK = Symbol.for("@llmnist/nn-layers:auxiliary-loss-collections");
const active: Collection[] = ((globalThis as Record<symbol, unknown>)[STACK] ??= []) as Collection[];

export interface CollectedAuxiliaryLosses<T> {
  /** What `fn` returned. */
  result: T;
  /**
   * The reported losses (scalars, already weighted by their layer), in call order. They are
   * kept (no enclosing `tf.tidy` frees them): the caller owns them and disposes them, or hands
   * them to `sumAuxiliaryLosses`, which does. Gradients flow through them to the parameters.
   */
  auxiliary: tf.Scalar[];
  /** Who reported each loss (the layer's name), in the same order. */
  sources: string[];
  /** Numbers each reporter gave for logging (MoEMLP: `load_<i>`, `dropped`), in the same order. */
  metrics: Array<Record<string, number>>;
}

/**
 * Runs `fn` (e.g. a model's forward pass and task loss, inside `tf.variableGrads`) and returns
 * its result with every auxiliary loss that layers reported while it ran.
 */
export function collectAuxiliaryLosses<T>(fn: () => T): CollectedAuxiliaryLosses<T> {
  const collection: Collection = { losses: [], sources: [], metrics: [] };
  active.push(collection);
  try {
    const result = fn();
    return { result, auxiliary: collection.losses, sources: collection.sources, metrics: collection.metrics };
  } catch (error) {
    tf.dispose(collection.losses);
    throw error;
  } finally {
    active.splice(active.lastIndexOf(collection), 1);
  }
}

/** Whether a collection is active (a layer can skip computing a loss nobody will read). */
export function collectingAuxiliaryLosses(): boolean {
  return active.length > 0;
}

/**
 * Called by a layer in its forward pass: hands `loss` (a scalar) to the innermost active
 * collection, with optional numbers for logging; does nothing when none is active. The
 * reporter keeps ownership of `loss`.
 */
export function reportAuxiliaryLoss(source: string, loss: tf.Tensor, metrics: Record<string, number> = {}): void {
  const collection = active[active.length - 1];
  if (collection === undefined) return;
  if (loss.rank !== 0) throw new Error(`reportAuxiliaryLoss (${source}): loss must be a scalar, got shape [${loss.shape.join(", ")}]`);
  collection.losses.push(tf.keep(tf.clone(loss)) as tf.Scalar);
  collection.sources.push(source);
  collection.metrics.push({ ...metrics });
}

/**
 * The sum of collected losses as a new scalar in the current scope (null when there are none),
 * disposing the collected tensors. Safe inside `tf.variableGrads`: the sum's gradient does not
 * need them.
 */
export function sumAuxiliaryLosses(auxiliary: tf.Scalar[]): tf.Scalar | null {
  if (auxiliary.length === 0) return null;
  const total = auxiliary.length === 1 ? tf.clone(auxiliary[0]!) : tf.addN(auxiliary);
  tf.dispose(auxiliary);
  return total as tf.Scalar;
}
