import type * as tfl from "@tensorflow/tfjs-layers";

/** The single input shape of a layer (tfjs passes `Shape | Shape[]`). */
export function singleShape(inputShape: tfl.Shape | tfl.Shape[], layer: string): tfl.Shape {
  const first = inputShape[0];
  if (Array.isArray(first)) {
    if (inputShape.length !== 1) throw new Error(`${layer}: expects one input, got ${inputShape.length}`);
    return first as tfl.Shape;
  }
  return inputShape as tfl.Shape;
}

/** The size of the last (feature) axis, which must be known. */
export function featureSize(shape: tfl.Shape, layer: string): number {
  const last = shape[shape.length - 1];
  if (last == null) throw new Error(`${layer}: the last axis of the input must be known, got shape [${shape.join(", ")}]`);
  return last;
}
