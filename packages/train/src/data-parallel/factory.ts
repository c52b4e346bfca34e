import type { TaskParts } from "../engine/task.js";
import type { LossFn, TrainableModel } from "../types.js";

/**
 * A function another thread can call to build something: `(await import(module))[exportName](...args)`.
 * `module` must be importable from anywhere (a file: URL, see resolveModuleUrl), `args` must
 * survive structured cloning (plain data).
 */
export interface FactorySpec {
  module: string;
  exportName: string;
  args?: unknown[];
}

/** How a worker thread builds its own copy of a classifier and its loss (see trainClassifier). */
export interface ReplicaSpec {
  /** Returns a TrainableModel with the same parameter names and shapes as the one trained. */
  model: FactorySpec;
  /** Returns the LossFn (a mean over the batch, so shards combine by weighted average). */
  loss: FactorySpec;
}


export async function callFactory(spec: FactorySpec, what: string): Promise<unknown> {
  let exported: unknown;
  try {
    exported = ((await import(spec.module)) as Record<string, unknown>)[spec.exportName];
  } catch (e) {
    throw new Error(`replica ${what}: cannot import ${spec.module}: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (typeof exported !== "function") {
    throw new Error(`replica ${what}: ${spec.module} has no function export "${spec.exportName}" (got ${typeof exported})`);
  }
  return await (exported as (...args: unknown[]) => unknown)(...(spec.args ?? []));
}

/** Builds the model and the loss a ReplicaSpec names. */
export async function buildReplica(spec: ReplicaSpec): Promise<{ model: TrainableModel; loss: LossFn }> {
  const model = (await callFactory(spec.model, "model")) as TrainableModel;
  if (typeof model?.forward !== "function" || typeof model.namedParameters !== "function") {
    throw new Error(`replica model: ${spec.model.module}#${spec.model.exportName} did not return a model with forward() and namedParameters()`);
  }
  const loss = (await callFactory(spec.loss, "loss")) as LossFn;
  if (typeof loss !== "function") {
    throw new Error(`replica loss: ${spec.loss.module}#${spec.loss.exportName} did not return a function`);
  }
  return { model, loss };
}

/** Builds the TaskParts a replica FactorySpec names, checking their shape. */
export async function buildTaskParts(spec: FactorySpec): Promise<TaskParts> {
  const parts = (await callFactory(spec, "task")) as TaskParts;
  if (!Array.isArray(parts?.parameters) || typeof parts.loss !== "function") {
    throw new Error(`replica task: ${spec.module}#${spec.exportName} did not return { parameters, loss, infer? }`);
  }
  return parts;
}
