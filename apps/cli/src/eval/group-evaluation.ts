import type { Evaluation } from "@llmnist/train";
import { evaluationFromConfusion } from "./evaluate-with-progress.js";

/** The evaluation of all examples from their labels and predicted digits. */
export function evaluationOf(labels: ArrayLike<number>, predictions: ArrayLike<number>): Evaluation {
  if (labels.length !== predictions.length) throw new Error(`evaluationOf: ${labels.length} labels but ${predictions.length} predictions`);
  const confusion = Array.from({ length: 10 }, () => new Array<number>(10).fill(0));
  for (let i = 0; i < labels.length; i++) confusion[labels[i]!]![predictions[i]!]! += 1;
  return evaluationFromConfusion(confusion);
}

/** One evaluation per distinct group value (e.g. per font), in sorted order of the values. */
export function evaluateByGroup(labels: ArrayLike<number>, predictions: ArrayLike<number>, groups: readonly string[]): Map<string, Evaluation> {
  if (groups.length !== labels.length) throw new Error(`evaluateByGroup: ${groups.length} group values for ${labels.length} examples`);
  const members = new Map<string, number[]>();
  groups.forEach((g, i) => {
    const list = members.get(g);
    if (list === undefined) members.set(g, [i]);
    else list.push(i);
  });
  const out = new Map<string, Evaluation>();
  for (const g of [...members.keys()].sort((a, b) => a.localeCompare(b))) {
    const idx = members.get(g)!;
    out.set(g, evaluationOf(idx.map((i) => labels[i]!), idx.map((i) => predictions[i]!)));
  }
  return out;
}
