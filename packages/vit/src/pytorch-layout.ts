import * as tf from "@tensorflow/tfjs-core";

/**
 * Layout conversion between PyTorch tensors and this package's variables, decided by the
 * variable's role:
 * - Conv2d weight `[O, I, kh, kw]` <-> patch kernel `[kh*kw*I, O]` (rows ordered kh, kw, I)
 * - Linear weight `[out, in]` <-> kernel `[in, out]`
 * - everything else (biases, norms, the class token) is stored alike.
 */
export type ParameterRole = "conv" | "linear" | "same";

export function roleOf(name: string, variableRank: number): ParameterRole {
  if (name === "patch_embed.proj.weight") return "conv";
  if (name.endsWith(".weight") && variableRank === 2) return "linear";
  return "same";
}

/** PyTorch tensor -> variable layout (the caller checks shapes first). */
export function fromTorchLayout(role: ParameterRole, torch: tf.Tensor, patchSize: number): tf.Tensor {
  return tf.tidy(() => {
    switch (role) {
      case "conv": {
        const [out, channels] = torch.shape as [number, number, number, number];
        const hwio = tf.transpose(torch, [2, 3, 1, 0]); // [kh, kw, I, O]
        return tf.reshape(hwio, [patchSize * patchSize * channels, out]); // [kh*kw*I, O]
      }
      case "linear":
        return tf.transpose(torch); // [out, in] -> [in, out]
      case "same":
        return torch.clone();
    }
  });
}

/** Variable -> PyTorch layout. */
export function toTorchLayout(role: ParameterRole, value: tf.Tensor, patchSize: number): tf.Tensor {
  return tf.tidy(() => {
    switch (role) {
      case "conv": {
        const [rows, out] = value.shape as [number, number];
        const channels = rows / (patchSize * patchSize);
        const hwio = tf.reshape(value, [patchSize, patchSize, channels, out]); // [kh, kw, I, O]
        return tf.transpose(hwio, [3, 2, 0, 1]); // [O, I, kh, kw]
      }
      case "linear":
        return tf.transpose(value); // [in, out] -> [out, in]
      case "same":
        return value.clone();
    }
  });
}

/** The PyTorch shape of a variable of the given role and shape. */
export function torchShapeOf(role: ParameterRole, shape: number[], patchSize: number): number[] {
  switch (role) {
    case "conv":
      return [shape[1]!, shape[0]! / (patchSize * patchSize), patchSize, patchSize];
    case "linear":
      return [shape[1]!, shape[0]!];
    case "same":
      return shape;
  }
}
