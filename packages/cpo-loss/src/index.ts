export { cpoLoss, type CpoOptions } from "./cpo.js";
export { rejectedClass } from "./rejected.js";
export { crossEntropy, type CrossEntropyOptions } from "./cross-entropy.js";
export { lossByName, lossFactory, type ClassificationLoss } from "./by-name.js";
