import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { describe, expect, it } from "vitest";
import { klDivergence, type KlDivergenceOptions } from "./kl-divergence.js";
import { expectClose, klOfRows } from "./test-helpers.js";

const valueOf = (t: tf.Tensor) => t.dataSync()[0] ?? NaN;
const studentGrad = (teacher: tf.Tensor, student: tf.Tensor, options: KlDivergenceOptions = {}) =>
  tf.valueAndGrad((s: tf.Tensor) => klDivergence(teacher, s, options))(student);

// Teacher p = [1/2, 1/2]; student q = [3/4, 1/4].
const TEACHER = tf.tensor2d([[0, 0]]);
const STUDENT = tf.tensor2d([[Math.log(3), 0]]);

describe("klDivergence by hand (V = 2)", () => {
  it("forward: sum p log(p / q) = ln(4/3) / 2, gradient q - p", () => {
    const { value, grad } = studentGrad(TEACHER, STUDENT);
    expect(value.shape).toEqual([]);
    expect(valueOf(value)).toBeCloseTo(0.5 * Math.log(4 / 3), 7);
    expectClose(grad.dataSync(), [0.25, -0.25]);
  });

  it("reverse: sum q log(q / p) = 3/4 ln(3/2) + 1/4 ln(1/2), gradient q (log(q/p) - KL)", () => {
    const kl = 0.75 * Math.log(1.5) + 0.25 * Math.log(0.5);
    const { value, grad } = studentGrad(TEACHER, STUDENT, { direction: "reverse" });
    expect(valueOf(value)).toBeCloseTo(kl, 7);
    expectClose(grad.dataSync(), [0.75 * (Math.log(1.5) - kl), 0.25 * (Math.log(0.5) - kl)]);
  });

  it("is 0 with gradient 0 when the student equals the teacher", () => {
    const { value, grad } = studentGrad(STUDENT, STUDENT, { direction: "reverse", temperature: 3 });
    expect(Math.abs(valueOf(value))).toBeLessThan(1e-7);
    expect(Math.max(...Array.from(grad.dataSync(), Math.abs))).toBeLessThan(1e-7);
  });
});

describe("klDivergence: temperature, directions, positions", () => {
  const teacherRows = [[1.5, -0.3, 0.2, 2.0], [0.1, 0.4, -1.2, 0.0], [-2.0, 1.0, 0.5, 0.3]];
  const studentRows = [[0.2, 0.9, -0.4, 1.1], [1.3, -0.7, 0.6, 0.2], [0.0, 0.3, 2.2, -1.0]];
  const teacher = tf.tensor2d(teacherRows);
  const student = tf.tensor2d(studentRows);

  it("T = 2 is T^2 times the T = 1 loss of logits / T; the student's gradient is T times that at logits / T", () => {
    const t2 = studentGrad(teacher, student, { temperature: 2 });
    const t1 = studentGrad(tf.div(teacher, 2), tf.div(student, 2));
    expect(valueOf(t2.value)).toBeCloseTo(4 * valueOf(t1.value), 6);
    expectClose(t2.grad.dataSync(), Array.from(t1.grad.dataSync(), (g) => 2 * g));
  });

  it("averages the per-position divergence (float64 reference), both directions, any temperature", () => {
    for (const temperature of [1, 2, 0.7]) {
      const forward = teacherRows.map((t, i) => klOfRows(t, studentRows[i] ?? [], temperature));
      const reverse = teacherRows.map((t, i) => klOfRows(studentRows[i] ?? [], t, temperature));
      const mean = (xs: number[]) => (xs.reduce((a, b) => a + b, 0) / xs.length) * temperature ** 2;
      expectClose(klDivergence(teacher, student, { temperature }).dataSync(), [mean(forward)]);
      expectClose(klDivergence(teacher, student, { temperature, direction: "reverse" }).dataSync(), [mean(reverse)]);
    }
    // The two directions really differ here (KL is not symmetric).
    expect(Math.abs(valueOf(klDivergence(teacher, student)) - valueOf(klDivergence(teacher, student, { direction: "reverse" })))).toBeGreaterThan(0.01);
  });

  it("treats every leading dim as positions: [3, V] and [3, 1, V] give the same loss", () => {
    const flatLoss = valueOf(klDivergence(teacher, student));
    expect(valueOf(klDivergence(tf.reshape(teacher, [3, 1, 4]), tf.reshape(student, [3, 1, 4])))).toBeCloseTo(flatLoss, 7);
    expect(valueOf(klDivergence(tf.tensor1d(teacherRows[0] ?? []), tf.tensor1d(studentRows[0] ?? [])))).toBeCloseTo(klOfRows(teacherRows[0] ?? [], studentRows[0] ?? [], 1), 6);
  });

  it("is stable for huge logits and counts 0 log 0 as 0 (-inf teacher logits)", () => {
    const big = valueOf(klDivergence(tf.tensor2d([[1000, 0]]), tf.tensor2d([[0, 1000]])));
    expect(big).toBeCloseTo(1000, 3);
    const masked = studentGrad(tf.tensor2d([[0, -Infinity, 0]]), tf.tensor2d([[0, 1, 0]]));
    const q = [1, Math.E, 1].map((v) => v / (2 + Math.E));
    expect(valueOf(masked.value)).toBeCloseTo(-Math.log(2 * q[0]!), 6);
    expectClose(masked.grad.dataSync(), [q[0]! - 0.5, q[1]!, q[2]! - 0.5]);
  });
});

describe("klDivergence with a mask", () => {
  const teacher = tf.randomNormal([2, 3, 5], 0, 2, "float32", 1);
  const student = tf.randomNormal([2, 3, 5], 0, 2, "float32", 2);
  const maskValues = [[1, 0, 1], [0, 0, 1]];
  const mask = tf.tensor2d(maskValues);
  const rows = (t: tf.Tensor) => t.arraySync() as number[][][];

  it("is the mean over the positions whose mask is 1, times T^2", () => {
    const [t, s] = [rows(teacher), rows(student)];
    const selected = [[0, 0], [0, 2], [1, 2]].map(([b, n]) => klOfRows(t[b!]![n!]!, s[b!]![n!]!, 2));
    const want = (4 * selected.reduce((a, b) => a + b, 0)) / 3;
    expectClose(klDivergence(teacher, student, { mask, temperature: 2 }).dataSync(), [want]);
  });

  it("ignores the unselected positions entirely (even NaN there) and gives them a zero gradient", () => {
    const poisoned = tf.where(tf.cast(tf.expandDims(mask, -1), "bool"), student, tf.fill([2, 3, 5], NaN)); // [2, 3, 5]
    const clean = studentGrad(teacher, student, { mask });
    const dirty = studentGrad(teacher, poisoned, { mask });
    expect(valueOf(dirty.value)).toBeCloseTo(valueOf(clean.value), 6);
    const grad = rows(dirty.grad);
    maskValues.forEach((row, b) =>
      row.forEach((m, n) => {
        const g = grad[b]![n]!;
        if (m === 0) expect(g).toEqual([0, 0, 0, 0, 0]);
        else expect(Math.max(...g.map(Math.abs))).toBeGreaterThan(1e-4);
      }),
    );
    expectClose(dirty.grad.dataSync(), Array.from(clean.grad.dataSync()));
  });

  it("accepts bool and int32 masks, and an all-ones mask equals no mask", () => {
    const want = valueOf(klDivergence(teacher, student, { mask }));
    expect(valueOf(klDivergence(teacher, student, { mask: tf.cast(mask, "bool") }))).toBeCloseTo(want, 7);
    expect(valueOf(klDivergence(teacher, student, { mask: tf.cast(mask, "int32") }))).toBeCloseTo(want, 7);
    expect(valueOf(klDivergence(teacher, student, { mask: tf.ones([2, 3]) }))).toBeCloseTo(valueOf(klDivergence(teacher, student)), 7);
  });
});

describe("klDivergence over Qwen's 151,936-token vocabulary", () => {
  const VOCAB = 151_936;
  const ACTIVE = 40;

  it("is exact at full width, and an active-vocabulary head with zeroLogits gives the same loss and gradient", () => {
    // Full logits: 40 computed columns, the rest exactly 0 (an active-vocabulary head's output).
    const activeTeacher = tf.randomNormal([1, 3, ACTIVE], 0, 3, "float32", 3);
    const activeStudent = tf.randomNormal([1, 3, ACTIVE], 0, 3, "float32", 4);
    const pad = tf.zeros([1, 3, VOCAB - ACTIVE]);
    const fullTeacher = tf.concat([activeTeacher, pad], -1); // [1, 3, V]
    const fullStudent = tf.concat([activeStudent, pad], -1); // [1, 3, V]
    const mask = tf.tensor2d([[1, 0, 1]]);
    for (const direction of ["forward", "reverse"] as const) {
      const options = { mask, temperature: 2, direction };
      const before = tf.memory().numTensors;
      const full = studentGrad(fullTeacher, fullStudent, options);
      const compact = studentGrad(activeTeacher, activeStudent, { ...options, zeroLogits: VOCAB - ACTIVE });
      expect(tf.memory().numTensors).toBe(before + 4); // two values, two gradients: nothing leaked

      // Float64 reference over the whole vocabulary, from the definition.
      const t = fullTeacher.arraySync() as number[][][];
      const s = fullStudent.arraySync() as number[][][];
      const per = [0, 2].map((n) =>
        direction === "forward" ? klOfRows(t[0]![n]!, s[0]![n]!, 2) : klOfRows(s[0]![n]!, t[0]![n]!, 2),
      );
      const want = (4 * (per[0]! + per[1]!)) / 2;
      // Float32 log-probabilities near -ln(151,936) = -11.9 carry ~1e-6 absolute error (one ulp), and
      // the loss (0.005 here: most mass is on the zero logits) is a difference of such: compare absolutely.
      expect(Math.abs(valueOf(full.value) - want)).toBeLessThan(4e-6);
      expect(Math.abs(valueOf(compact.value) - want)).toBeLessThan(4e-6);
      const fullActiveGrad = tf.slice(full.grad, [0, 0, 0], [1, 3, ACTIVE]); // [1, 3, ACTIVE]
      expectClose(compact.grad.dataSync(), Array.from(fullActiveGrad.dataSync()), 1e-4);
    }
  });
});

describe("klDivergence sends no gradient into the teacher", () => {
  it("the student's variable gets a non-zero gradient; the teacher's, and its model's variables, get none", () => {
    const teacherWeight = tf.variable(tf.tensor2d([[0.5, -1, 2]]), true, "kl-teacher-weight");
    const studentLogits = tf.variable(tf.tensor2d([[1, 0, -1]]), true, "kl-student-logits");
    const { grads } = tf.variableGrads(
      // The teacher's logits come from its own trainable weight through an op (with no registered gradient).
      () => klDivergence(tf.mul(teacherWeight, 3), studentLogits, { temperature: 2 }),
      [teacherWeight, studentLogits],
    );
    expect(Object.keys(grads)).toEqual(["kl-student-logits"]);
    expect(Math.max(...Array.from(grads["kl-student-logits"]!.dataSync(), Math.abs))).toBeGreaterThan(0.01);
    teacherWeight.dispose();
    studentLogits.dispose();
  });

  it("a gradient w.r.t. the teacher's logits alone does not exist", () => {
    expect(() => tf.grad((t: tf.Tensor) => klDivergence(t, tf.tensor2d([[1, 0]])))(tf.tensor2d([[0, 1]]))).toThrow(
      /Cannot compute gradient/,
    );
  });
});

describe("klDivergence validates its inputs", () => {
  const logits = tf.zeros([2, 3]);
  const kl = (options: unknown, teacher: unknown = logits, student: unknown = logits) =>
    klDivergence(teacher as tf.Tensor, student as tf.Tensor, options as KlDivergenceOptions);

  it("tensors: type, rank, dtype, emptiness, equal shapes", () => {
    expect(() => kl({}, [[0, 1]])).toThrow("klDivergence: teacherLogits must be a tf.Tensor [..., V], got object");
    expect(() => kl({}, logits, null)).toThrow("klDivergence: studentLogits must be a tf.Tensor [..., V], got null");
    expect(() => kl({}, tf.scalar(1), tf.scalar(1))).toThrow("klDivergence: teacherLogits must be rank >= 1 [..., V], got rank 0 (shape [])");
    expect(() => kl({}, logits, tf.zeros([2, 3], "int32"))).toThrow("klDivergence: studentLogits must be float32, got int32");
    expect(() => kl({}, tf.zeros([0, 3]), tf.zeros([0, 3]))).toThrow("klDivergence: teacherLogits must not be empty, got shape [0,3]");
    expect(() => kl({}, logits, tf.zeros([2, 4]))).toThrow("klDivergence: studentLogits must have the shape of teacherLogits [2,3], got [2,4]");
    expect(() => kl({}, logits, tf.zeros([1, 2, 3]))).toThrow("klDivergence: studentLogits must have the shape of teacherLogits [2,3], got [1,2,3]");
  });

  it("options: direction, temperature, zeroLogits", () => {
    expect(() => kl({ direction: "sideways" })).toThrow('klDivergence: direction must be "forward" or "reverse", got "sideways"');
    expect(() => kl({ temperature: 0 })).toThrow("klDivergence: temperature must be a finite number > 0, got 0");
    expect(() => kl({ temperature: -2 })).toThrow("klDivergence: temperature must be a finite number > 0, got -2");
    expect(() => kl({ temperature: Number.NaN })).toThrow("klDivergence: temperature must be a finite number > 0, got NaN");
    expect(() => kl({ temperature: "2" })).toThrow('klDivergence: temperature must be a finite number > 0, got 2');
    expect(() => kl({ zeroLogits: -1 })).toThrow("klDivergence: zeroLogits must be an integer >= 0, got -1");
    expect(() => kl({ zeroLogits: 1.5 })).toThrow("klDivergence: zeroLogits must be an integer >= 0, got 1.5");
    expect(() => kl(null)).toThrow("klDivergence: options must be an object, got null");
  });

  it("mask: a tensor of the logits' shape without the last dim, 0/1 values, at least one 1", () => {
    expect(() => kl({ mask: [1, 0] })).toThrow("klDivergence: mask must be a tf.Tensor of shape [2] (the logits' [2,3] without the last dim), got object");
    expect(() => kl({ mask: tf.ones([2, 3]) })).toThrow("klDivergence: mask must have shape [2] (the logits' [2,3] without the last dim), got [2,3]");
    expect(() => kl({ mask: tf.ones([3]) })).toThrow("klDivergence: mask must have shape [2] (the logits' [2,3] without the last dim), got [3]");
    expect(() => kl({ mask: tf.tensor1d([1, 0.5]) })).toThrow("klDivergence: mask values must be 0 or 1, got 0.5 at flat index 1");
    expect(() => kl({ mask: tf.tensor1d([0, 0]) })).toThrow("klDivergence: mask must select at least one position (a 1), got all 2 zeros");
  });
});
