// Node-only part of @llmnist/vit-detector (`@llmnist/vit-detector/node`): file I/O. The main
// entry stays free of Node built-ins so it bundles for browsers.
export { loadVitDetector, readVitDetectorConfig, saveVitDetector } from "./save-load.js";
