// Node-only part of @llmnist/vit (`@llmnist/vit/node`): everything that touches the file system.
// The main entry stays free of Node built-ins so it bundles for browsers.
export { exportPyTorchCheckpoint, importPyTorchCheckpoint } from "./pytorch-checkpoint.js";
export { loadViT, readViTConfig, saveViT } from "./save-load.js";
