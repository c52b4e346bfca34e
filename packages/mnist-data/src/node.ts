// Node-only part of @llmnist/mnist-data (`@llmnist/mnist-data/node`): reading the MNIST files
// from disk and checking their SHA-256. The main entry stays free of Node built-ins.
export { loadMnist, loadMnistSplit, MNIST_FILES, type LoadMnistOptions } from "./load.js";
export { defaultMnistDir } from "./default-dir.js";
export { readIdxFile } from "./idx-file.js";
export { MNIST_SHA256, sha256Hex, verifyMnistChecksum } from "./checksums.js";
