export { trainingCurveSvg, type TrainingCurveOptions } from "./training-curve.js";
export { confusionMatrixSvg, type ConfusionMatrixOptions } from "./confusion-matrix.js";
export { escapeXml } from "./svg.js";
export { niceTicks } from "./ticks.js";
