// Node-only part of @llmnist/detect (`@llmnist/detect/node`): reading COCO JSON files. The main
// entry stays free of Node built-ins so it bundles for browsers.
export { readCocoJson, evaluateCocoFiles } from "./coco/files.js";
