export { klDivergence, type KlDirection, type KlDivergenceOptions } from "./kl-divergence.js";
export { relationDistillation, RELATION_COSINE_EPS } from "./relation-distillation.js";
