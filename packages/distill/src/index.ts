export { klDivergence, type KlDirection, type KlDivergenceOptions } from "./kl-divergence.js";
export { relationDistillation, RELATION_COSINE_EPS } from "./relation-distillation.js";
export {
  classifierDistillationLoss,
  classifierDistillationFactory,
  classifierDistillationReplica,
  CLASSIFIER_KD_DEFAULTS,
  type ClassifierDistillationOptions,
  type ExampleBatch,
  type LabelLoss,
  type LabelLossSpec,
} from "./classifier-distillation.js";
