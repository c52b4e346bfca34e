import * as tf from "@tensorflow/tfjs-core";
import { elementCount, FLOAT_DTYPES, ITEM_SIZE } from "./dtypes.js";
import { firstNonFinite, firstNonFiniteRaw, type NonFinite } from "./non-finite.js";
import type { RawTensor } from "./raw.js";
import { rawToTensor } from "./tensors.js";

/** Values a loader has already decoded: row-major float32 or int32 data. */
export interface DecodedTensor {
  shape: readonly number[];
  data: Float32Array | Int32Array;
}

/**
 * A value to copy into a variable: a tf.Tensor, decoded values, or a tensor as parsed from a
 * safetensors file (decoded only when it is assigned; float dtypes load as float32, the others
 * as int32). Decoded data is used without a copy, so do not change it afterwards.
 */
export type TensorSource = tf.Tensor | DecodedTensor | RawTensor;

export interface AssignNamedTensorsOptions {
  /** The file or folder the tensors come from; every error starts with it. */
  source: string;
  /** What the tensors must fit, for errors (default "the model"), e.g. "the Qwen2 config". */
  target?: string;
  /**
   * Source tensors that no variable takes are an error unless allowed here: `true` for all, or
   * a test of the name (e.g. a training checkpoint's optimizer state: `(n) => n.startsWith("adamw.")`).
   */
  allowUnused?: boolean | ((name: string) => boolean);
  /** Only source names starting with this are considered, matched to the variables without it; the others are ignored. */
  prefix?: string;
  /** The shape the source stores for a variable when its layout differs (e.g. PyTorch's `[out, in]` for a tfjs `[in, out]` kernel). */
  storedShape?: (name: string, variable: tf.Variable) => readonly number[];
  /**
   * Turns a checked source value into the variable's layout (e.g. a transpose); called only
   * once everything has been checked, and must return the variable's shape and dtype. Its
   * intermediate tensors are freed; `value` belongs to the caller.
   */
  toVariableLayout?: (name: string, value: tf.Tensor, variable: tf.Variable) => tf.Tensor;
}

/** One variable and the source value it will take (`fileName` as the source names it). */
interface Match {
  name: string;
  fileName: string;
  variable: tf.Variable;
  value: TensorSource;
}

/** What a source value will load as, or why it cannot. */
interface SourceInfo {
  shape: readonly number[];
  dtype: tf.DataType;
  /** The stored dtype where it differs from the loaded one, for messages, e.g. " (BF16)". */
  stored: string;
  problem?: string;
}

/**
 * Copies named tensors into named variables, all or nothing. First every name is matched,
 * and every shape and dtype checked; one error lists all missing and unknown names and every
 * mismatch. Then every value is checked for NaN and ±Infinity; one error names each such
 * tensor and its first bad index. Only then are the variables assigned, so a bad file leaves
 * the model untouched.
 */
export function assignNamedTensors(
  variables: Iterable<readonly [string, tf.Variable]>,
  tensors: Iterable<readonly [string, TensorSource]>,
  options: AssignNamedTensorsOptions,
): void {
  const matches = matchByName(variables, tensors, options);
  refuseNonFinite(matches, options.source);
  for (const match of matches) assignOne(match, options);
}

function matchByName(
  variables: Iterable<readonly [string, tf.Variable]>,
  tensors: Iterable<readonly [string, TensorSource]>,
  options: AssignNamedTensorsOptions,
): Match[] {
  const { source, prefix = "" } = options;
  const byName = new Map<string, TensorSource>();
  for (const [fileName, value] of tensors) {
    if (!fileName.startsWith(prefix)) continue;
    if (byName.has(fileName)) throw new Error(`${source}: tensor ${fileName} is given twice`);
    byName.set(fileName, value);
  }
  const matches: Match[] = [];
  const missing: string[] = [];
  const mismatches: string[] = [];
  const taken = new Set<string>();
  for (const [name, variable] of variables) {
    const fileName = prefix + name;
    if (taken.has(fileName)) throw new Error(`assignNamedTensors: two variables are named ${name}`);
    taken.add(fileName);
    const value = byName.get(fileName);
    if (value === undefined) {
      missing.push(fileName);
      continue;
    }
    const problems = mismatchesOf(fileName, describeSource(value), options.storedShape?.(name, variable) ?? variable.shape, variable.dtype);
    if (problems.length > 0) mismatches.push(...problems);
    else matches.push({ name, fileName, variable, value });
  }
  const allowUnused = options.allowUnused ?? false;
  const isAllowed = typeof allowUnused === "function" ? allowUnused : () => allowUnused;
  const unknown = [...byName.keys()].filter((fileName) => !taken.has(fileName) && !isAllowed(fileName));
  if (missing.length > 0 || unknown.length > 0 || mismatches.length > 0) {
    const parts: string[] = [];
    if (missing.length > 0) parts.push(`missing ${missing.length}: ${missing.join(", ")}`);
    if (unknown.length > 0) parts.push(`unknown ${unknown.length}: ${unknown.join(", ")}`);
    throw new Error(`${source}: does not match ${options.target ?? "the model"}: ${[...parts, ...mismatches].join("; ")}`);
  }
  return matches;
}

function mismatchesOf(fileName: string, info: SourceInfo, wantShape: readonly number[], wantDtype: tf.DataType): string[] {
  if (info.problem !== undefined) return [`tensor ${fileName}: ${info.problem}`];
  const out: string[] = [];
  if (!tf.util.arraysEqual([...info.shape], [...wantShape])) {
    out.push(`tensor ${fileName}: expected shape [${wantShape.join(", ")}], got [${info.shape.join(", ")}]`);
  }
  if (info.dtype !== wantDtype) out.push(`tensor ${fileName}: expected dtype ${wantDtype}, got ${info.dtype}${info.stored}`);
  return out;
}

function isRawTensor(value: TensorSource): value is RawTensor {
  return ArrayBuffer.isView((value as RawTensor).bytes) && typeof (value as RawTensor).dtype === "string";
}

function isDecodedTensor(value: TensorSource): value is DecodedTensor {
  return ArrayBuffer.isView((value as DecodedTensor).data);
}

function isTfTensor(value: TensorSource): value is tf.Tensor {
  return typeof (value as tf.Tensor).dataSync === "function" && Array.isArray((value as tf.Tensor).shape);
}

function describeSource(value: TensorSource): SourceInfo {
  if (isRawTensor(value)) {
    const dtype = FLOAT_DTYPES.has(value.dtype) ? "float32" : "int32";
    const needed = elementCount(value.shape) * ITEM_SIZE[value.dtype];
    const problem = value.bytes.byteLength === needed ? undefined : `${value.dtype}[${value.shape.join(", ")}] needs ${needed} bytes, got ${value.bytes.byteLength}`;
    return { shape: value.shape, dtype, stored: ` (${value.dtype})`, problem };
  }
  if (isDecodedTensor(value)) {
    const { shape, data } = value;
    const dtype = data instanceof Float32Array ? "float32" : data instanceof Int32Array ? "int32" : undefined;
    if (dtype === undefined) return { shape, dtype: "float32", stored: "", problem: `data must be a Float32Array or Int32Array, got ${data.constructor.name}` };
    const n = elementCount(shape);
    const problem = data.length === n ? undefined : `shape [${shape.join(", ")}] needs ${n} values, data has ${data.length}`;
    return { shape, dtype, stored: "", problem };
  }
  if (isTfTensor(value)) return { shape: value.shape, dtype: value.dtype, stored: "" };
  return { shape: [], dtype: "float32", stored: "", problem: "expected a tf.Tensor, a { shape, data } object or a safetensors tensor" };
}

function nonFiniteOf(value: TensorSource): NonFinite | null {
  if (isRawTensor(value)) return firstNonFiniteRaw(value);
  if (isDecodedTensor(value)) return value.data instanceof Float32Array ? firstNonFinite(value.data) : null;
  return value.dtype === "float32" ? firstNonFinite(value.dataSync()) : null;
}

function refuseNonFinite(matches: Match[], source: string): void {
  const bad: string[] = [];
  for (const { fileName, value } of matches) {
    const found = nonFiniteOf(value);
    if (found === null) continue;
    const shape = isRawTensor(value) || isDecodedTensor(value) ? value.shape : (value as tf.Tensor).shape;
    bad.push(`tensor ${fileName} holds ${found.value} at index ${found.index} (shape [${shape.join(", ")}])`);
  }
  if (bad.length > 0) throw new Error(`${source}: refusing weights that are not finite: ${bad.join("; ")}`);
}

/** A tf.Tensor for a checked source value, and whether this function made it (and must free it). */
function toTensor(value: TensorSource): { tensor: tf.Tensor; owned: boolean } {
  if (isRawTensor(value)) return { tensor: rawToTensor(value), owned: true };
  if (isDecodedTensor(value)) {
    const dtype = value.data instanceof Int32Array ? "int32" : "float32";
    return { tensor: tf.tensor(value.data, [...value.shape], dtype), owned: true };
  }
  return { tensor: value as tf.Tensor, owned: false };
}

function assignOne({ name, fileName, variable, value }: Match, options: AssignNamedTensorsOptions): void {
  const { tensor, owned } = toTensor(value);
  try {
    const layout = options.toVariableLayout;
    const converted = layout ? tf.tidy(() => layout(name, tensor, variable)) : tensor;
    try {
      if (!tf.util.arraysEqual(converted.shape, variable.shape) || converted.dtype !== variable.dtype) {
        throw new Error(
          `assignNamedTensors: toVariableLayout turned ${options.source}'s ${fileName} into ${converted.dtype} [${converted.shape.join(", ")}], ` +
            `the variable is ${variable.dtype} [${variable.shape.join(", ")}]`,
        );
      }
      variable.assign(converted);
    } finally {
      if (converted !== tensor) converted.dispose();
    }
  } finally {
    if (owned) tensor.dispose();
  }
}
