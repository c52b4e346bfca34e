// The distortions moved to @llmnist/mnist-data (browser-safe, shared with the ViT's training,
// same numbers: pinned there); re-exported so MnistVL's imports and users keep working.
export { DEFAULT_DISTORTION, distortImage, type DistortOptions } from "@llmnist/mnist-data";
