import type * as tf from "@tensorflow/tfjs-core";
import { checkFloatTensor, checkMask, checkTemperature, checkZeroLogits, shapeOf } from "./validate.js";

export type KlDirection = "forward" | "reverse";

export interface KlDivergenceOptions {
  /** "forward" (default): KL(teacher || student) = sum p (log p - log q). "reverse": KL(student || teacher). */
  direction?: KlDirection;
  /** Softmax temperature T > 0 (default 1); the result is multiplied by T^2. */
  temperature?: number;
  /** 0/1 (or bool) tensor of the logits' shape without the last dim: the positions averaged over. */
  mask?: tf.Tensor;
  /**
   * Vocabulary entries beyond the last dim whose logit is exactly 0 in both teacher and student
   * (an active-vocabulary head's `zeroLogits`): they count in both softmaxes exactly, at no cost.
   * Default 0.
   */
  zeroLogits?: number;
}

const FN = "klDivergence";

/** klDivergence's checked inputs: logits `[..., V]` seen as `[positions, vocab]`, and the mask's selection. */
export interface KlInputs {
  teacher: tf.Tensor;
  student: tf.Tensor;
  direction: KlDirection;
  temperature: number;
  zeroLogits: number;
  positions: number;
  vocab: number;
  /** null without a mask. */
  selection: { rows: number[]; rowOf: number[] } | null;
}

export function readKlInputs(teacherLogits: unknown, studentLogits: unknown, options: KlDivergenceOptions): KlInputs {
  const teacher = checkFloatTensor(FN, "teacherLogits", teacherLogits, { min: 1 }, "[..., V]");
  const student = checkFloatTensor(FN, "studentLogits", studentLogits, { min: 1 }, "[..., V]");
  if (student.rank !== teacher.rank || student.shape.some((d, i) => d !== teacher.shape[i])) {
    throw new Error(`${FN}: studentLogits must have the shape of teacherLogits ${shapeOf(teacher)}, got ${shapeOf(student)}`);
  }
  if (typeof options !== "object" || options === null) throw new Error(`${FN}: options must be an object, got ${String(options)}`);
  const direction = options.direction ?? "forward";
  if (direction !== "forward" && direction !== "reverse") {
    throw new Error(`${FN}: direction must be "forward" or "reverse", got ${JSON.stringify(direction)}`);
  }
  const temperature = checkTemperature(FN, options.temperature ?? 1);
  const zeroLogits = checkZeroLogits(FN, options.zeroLogits ?? 0);
  const positionShape = teacher.shape.slice(0, -1);
  const vocab = teacher.shape[teacher.rank - 1] ?? 1;
  const positions = positionShape.reduce((a, b) => a * b, 1);
  const selection = options.mask === undefined ? null : selectedRows(checkMask(FN, options.mask, positionShape, teacher.shape));

  return { teacher, student, direction, temperature, zeroLogits, positions, vocab, selection };
}

/** The selected positions (`rows`, ascending) and, for each position, its row among them or K if unselected. */
function selectedRows(mask: Float32Array): { rows: number[]; rowOf: number[] } {
  const rows: number[] = [];
  mask.forEach((v, i) => {
    if (v === 1) rows.push(i);
  });
  const rowOf = new Array<number>(mask.length).fill(rows.length);
  rows.forEach((position, row) => (rowOf[position] = row));
  return { rows, rowOf };
}
