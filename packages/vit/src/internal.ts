/**
 * What llmnist's own packages build on but users should not depend on: the ViT's blocks,
 * which the detector (@llmnist/vit-detector) shares. Browser-safe. No stability promise.
 */
export { createViTBlocks, type ViTBlocksConfig } from "./vit-blocks.js";
