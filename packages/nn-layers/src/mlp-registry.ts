import type * as tfl from "@tensorflow/tfjs-layers";
import { MoEMLP, type MoEOptions, validateMoEOptions } from "./moe-mlp.js";
import { SwiGLUMLP } from "./swiglu-mlp.js";

/** What a TransformerBlock gives the MLP it creates. */
export interface MlpBuildArgs {
  /** The block's `intermediateSize` (an expert's width for a mixture of experts). */
  intermediateSize: number;
  useBias: boolean;
  seed: number | undefined;
  /** The MLP's layer name: its attribute path, e.g. `layers.0.mlp`. */
  name: string;
  trainable: boolean | undefined;
}

/**
 * The MLP types a block can use, keyed by `type`, with their options. Add one with
 * `registerMlpType` and declaration merging:
 * `declare module "@llmnist/nn-layers" { interface MlpTypes { mine: { width: number } } }`.
 */
export interface MlpTypes {
  /** The paper's SwiGLU MLP (the default). */
  swiglu: Record<never, never>;
  /** A sparse mixture of SwiGLU experts (`MoEMLP`). */
  moe: MoEOptions;
}

/** A block's MLP choice, e.g. `{ type: "moe", numExperts: 4, topK: 1 }`; plain data, stored in the block's config. */
export type MlpConfig = { [K in keyof MlpTypes]: { type: K } & MlpTypes[K] }[keyof MlpTypes];

export interface MlpFactory<K extends keyof MlpTypes> {
  create(config: { type: K } & MlpTypes[K], args: MlpBuildArgs): tfl.layers.Layer;
  /** Throws naming the field when the options are wrong (checked before any layer is made). */
  validate?(config: { type: K } & MlpTypes[K], where: string): void;
}

const registry = new Map<string, MlpFactory<keyof MlpTypes>>();

/** Makes `type` available to `TransformerBlock({ mlp: { type, ... } })`; replaces an earlier one. */
export function registerMlpType<K extends keyof MlpTypes>(type: K, factory: MlpFactory<K>): void {
  // tfjs turns snake_case strings of a saved config into camelCase on load: only names it leaves alone.
  if (!/^[a-z][a-zA-Z0-9]*$/.test(type)) throw new Error(`registerMlpType: type must be a camelCase word (tfjs rewrites others on load), got ${JSON.stringify(type)}`);
  registry.set(type, factory as unknown as MlpFactory<keyof MlpTypes>);
}

function factoryOf(config: MlpConfig, where: string): MlpFactory<keyof MlpTypes> {
  const factory = registry.get(config.type);
  if (factory === undefined) {
    throw new Error(`${where}: mlp.type ${JSON.stringify(config.type)} is not a registered MLP type; expected one of ${[...registry.keys()].join(", ")} (registerMlpType adds one)`);
  }
  return factory;
}

/** Checks an MLP choice without building anything (e.g. in a model config's validation). */
export function validateMlpConfig(config: MlpConfig, where: string): void {
  factoryOf(config, where).validate?.(config as never, where);
}

/** The MLP of a block: `config` (default `{ type: "swiglu" }`) made by its registered factory. */
export function createMlp(config: MlpConfig | undefined, args: MlpBuildArgs): tfl.layers.Layer {
  const choice: MlpConfig = config ?? { type: "swiglu" };
  const factory = factoryOf(choice, args.name);
  factory.validate?.(choice as never, args.name);
  return factory.create(choice as never, args);
}

registerMlpType("swiglu", {
  create: (_config, a) => new SwiGLUMLP({ intermediateSize: a.intermediateSize, useBias: a.useBias, seed: a.seed, name: a.name, trainable: a.trainable }),
});

registerMlpType("moe", {
  create: ({ type: _type, ...options }, a) =>
    new MoEMLP({ ...options, intermediateSize: a.intermediateSize, useBias: a.useBias, seed: a.seed, name: a.name, trainable: a.trainable }),
  validate: (config, where) => validateMoEOptions(config, where),
});
