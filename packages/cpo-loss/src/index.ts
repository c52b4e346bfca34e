export { cpoLoss, type CpoOptions } from "./cpo.js";
export { cpoAllLoss, type CpoAllOptions } from "./cpo-all.js";
export { cpoCeLoss, type CpoCeOptions } from "./cpo-ce.js";
export { cpoMarginLoss, type CpoMarginOptions } from "./cpo-margin.js";
export { rejectedClass } from "./rejected.js";
export { crossEntropy, type CrossEntropyOptions } from "./cross-entropy.js";
export {
  isLossName,
  LOSS_NAMES,
  LOSS_OPTION_DEFAULTS,
  lossByName,
  lossFactory,
  lossOptionsOf,
  type ClassificationLoss,
  type LossName,
  type LossOptions,
} from "./by-name.js";
export { LossOptionError } from "./validate.js";
