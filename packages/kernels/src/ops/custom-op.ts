import * as tf from "@tensorflow/tfjs-core";

type Forward<T extends tf.Tensor[]> = (
  inputs: T,
  save: tf.GradSaveFunc,
) => { value: tf.Tensor; gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.Tensor | tf.Tensor[] };

/** tf.customGrad with typed inputs (its own signature mixes inputs and the save callback). */
export function customOp<T extends tf.Tensor[]>(forward: Forward<T>): (...inputs: T) => tf.Tensor {
  const op = tf.customGrad(((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const save = args.pop() as tf.GradSaveFunc;
    return forward(args as T, save);
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return (...inputs: T) => op(...inputs);
}
