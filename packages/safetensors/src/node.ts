// Node-only part of @llmnist/safetensors (`@llmnist/safetensors/node`): everything that touches
// the file system. The main entry stays free of Node built-ins so it bundles for browsers.
export { readSafetensorsFile, writeSafetensorsFile } from "./io.js";
export { writeFileAtomic } from "./atomic.js";
export { loadSafetensorsFolder } from "./folder.js";
