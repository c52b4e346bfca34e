import { MNIST_PIXELS } from "@llmnist/mnist-data";
import type { VisionTransformer } from "@llmnist/vit";
import * as tf from "@tensorflow/tfjs-core";
import { badRequest } from "./errors.js";
import { requireObject } from "./fields.js";
import { decodeImageField, imageFields } from "./images.js";

/** Most images one /v1/classify request may carry. */
export const MAX_IMAGES_PER_REQUEST = 256;

export interface Classification {
  digit: number;
  probabilities: number[];
}

/** A /v1/classify body: `{"image": ...}` (one result) or `{"images": [...]}` (a list), as MNIST pixels. */
export interface ClassifyRequest {
  pixels: Float32Array[];
  single: boolean;
}

export function parseClassifyRequest(value: unknown, modelId: string): ClassifyRequest {
  const body = requireObject(value);
  if (body.model !== undefined && body.model !== null && body.model !== modelId) {
    throw badRequest(`model must be ${JSON.stringify(modelId)} (or left out), got ${JSON.stringify(body.model)}`, "model_not_found");
  }
  const { items, single } = imageFields(body, MAX_IMAGES_PER_REQUEST, decodeImageField);
  return { pixels: items, single };
}

/**
 * The batch runner of /v1/classify: the images through one ViT forward pass, as `llmnist
 * predict` runs them (predictProba on `[N, 28, 28, 1]`, the digit is the argmax).
 */
export function classifyImages(model: VisionTransformer): (images: Float32Array[]) => Classification[] {
  return (images) => {
    const batch = new Float32Array(images.length * MNIST_PIXELS);
    images.forEach((pixels, i) => batch.set(pixels, i * MNIST_PIXELS));
    const probabilities = tf.tidy(() => model.predictProba(tf.tensor4d(batch, [images.length, 28, 28, 1])).arraySync());
    return probabilities.map((p) => ({ digit: p.indexOf(Math.max(...p)), probabilities: p }));
  };
}
