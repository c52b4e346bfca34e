// What Node adds to the engine: outDir files, replica threads (installed on import) and the
// TensorFlow.js backend pick. "@llmnist/train" resolves here under Node ("node" condition).
import "./engine/node-host.js";

export * from "./index.js";
export { selectBackend, describeBackend, BACKEND_NAMES, type BackendName, type BackendChoice, type SelectBackendOptions } from "./backend.js";
export { nodeRunFiles } from "./engine/node-host.js";
