import * as tf from "@tensorflow/tfjs-core";
import { kernelBuild, registerFastWasmKernels } from "@llmnist/kernels/node";
import { existsSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/** The backends selectBackend can pick, fastest first. */
export type BackendName = "tensorflow-gpu" | "tensorflow" | "wasm" | "cpu";

export const BACKEND_NAMES: readonly BackendName[] = ["tensorflow-gpu", "tensorflow", "wasm", "cpu"];

/** Environment variable that overrides the preference (a BackendName or "auto"). */
export const BACKEND_ENV_VAR = "LLMNIST_BACKEND";

export interface BackendAttempt {
  name: BackendName;
  ok: boolean;
  detail: string;
}

export interface BackendChoice {
  name: BackendName;
  /** tf.getBackend() after selection ("tensorflow", "wasm" or "cpu"). */
  tfBackend: string;
  /** Why this backend was chosen. */
  reason: string;
  /** Every backend tried, in order, with what happened. */
  tried: BackendAttempt[];
}

export interface SelectBackendOptions {
  /** Default "auto": tensorflow-gpu, tensorflow, wasm, cpu, the first that works. */
  prefer?: BackendName | "auto";
  /** Receives one line per backend tried. */
  log?: (line: string) => void;
}

const NODE_PACKAGES = {
  "tensorflow-gpu": "@tensorflow/tfjs-node-gpu",
  tensorflow: "@tensorflow/tfjs-node",
} as const;

/** Short label used in describeBackend. */
const LABELS: Record<BackendName, string> = {
  "tensorflow-gpu": "tfjs-node-gpu",
  tensorflow: "tfjs-node",
  wasm: "wasm",
  cpu: "cpu",
};

export const NO_BINDING_DETAIL = "installed without its native binding (libtensorflow download failed at install)";

class BackendUnavailable extends Error {}

/** Resolves packages from this module's location (the dist file or the source file). */
const requireHere = createRequire(import.meta.url);

/**
 * Where a tfjs-node package stands, without importing it: importing one whose native
 * binding is missing throws but still registers its kernels, so that must never happen.
 */
export function probeNodePackage(
  pkg: string,
): { status: "not-installed" } | { status: "no-binding"; dir: string } | { status: "ready"; dir: string; binding: string } {
  let pkgJson: string;
  try {
    pkgJson = requireHere.resolve(`${pkg}/package.json`);
  } catch {
    return { status: "not-installed" };
  }
  const dir = dirname(pkgJson);
  const binding = findNativeBinding(dir);
  return binding === null ? { status: "no-binding", dir } : { status: "ready", dir, binding };
}

/** The first lib/napi-v<N>/tfjs_binding.node under a tfjs-node package folder, or null. */
export function findNativeBinding(pkgDir: string): string | null {
  const lib = join(pkgDir, "lib");
  if (!existsSync(lib)) return null;
  const napiDirs = readdirSync(lib)
    .filter((d) => /^napi-v\d+$/.test(d))
    .sort((a, b) => Number(b.slice(6)) - Number(a.slice(6)));
  for (const d of napiDirs) {
    const file = join(lib, d, "tfjs_binding.node");
    if (existsSync(file)) return file;
  }
  return null;
}

function smokeTest(): void {
  // [2, 2] x [2, 1] -> [3, 7]
  const out = tf.tidy(() => tf.matMul(tf.tensor2d([[1, 2], [3, 4]]), tf.tensor2d([[1], [1]])).dataSync());
  if (out.length !== 2 || out[0] !== 3 || out[1] !== 7) {
    throw new BackendUnavailable(`smoke test computed [${Array.from(out)}], expected [3, 7]`);
  }
}

async function activate(tfName: string): Promise<void> {
  let ok: boolean;
  try {
    ok = await tf.setBackend(tfName);
  } catch (e) {
    throw new BackendUnavailable(`initialisation failed: ${errorText(e)}`);
  }
  if (!ok || tf.getBackend() !== tfName) throw new BackendUnavailable("initialisation failed (tf.setBackend returned false)");
  try {
    smokeTest();
  } catch (e) {
    throw e instanceof BackendUnavailable ? e : new BackendUnavailable(`smoke test failed: ${errorText(e)}`);
  }
}

/** Loads and activates one backend; throws BackendUnavailable with the reason, else returns the "ok" detail. */
async function tryBackend(name: BackendName): Promise<string> {
  switch (name) {
    case "tensorflow-gpu":
    case "tensorflow": {
      const pkg = NODE_PACKAGES[name];
      const probe = probeNodePackage(pkg);
      if (probe.status === "not-installed") throw new BackendUnavailable("not installed");
      if (probe.status === "no-binding") throw new BackendUnavailable(NO_BINDING_DETAIL);
      if (tf.findBackend("tensorflow") === null) {
        try {
          requireHere(pkg);
        } catch (e) {
          throw new BackendUnavailable(`import failed: ${errorText(e)}`);
        }
      }
      await activate("tensorflow");
      return "ok";
    }
    case "wasm": {
      let wasm: typeof import("@tensorflow/tfjs-backend-wasm");
      try {
        wasm = await import("@tensorflow/tfjs-backend-wasm");
      } catch (e) {
        throw new BackendUnavailable(`import failed: ${errorText(e)}`);
      }
      const simd = await tf.env().getAsync("WASM_HAS_SIMD_SUPPORT");
      // Our SIMD kernels (matMul in every layout, fused transformer ops) replace the slow
      // paths; LLMNIST_FAST_KERNELS=0 keeps tfjs's own kernels (for comparisons).
      const fast = simd && process.env.LLMNIST_FAST_KERNELS !== "0";
      if (fast) registerFastWasmKernels();
      await activate("wasm");
      const threads = wasm.getThreadsCount();
      return `ok, ${threads} thread${threads === 1 ? "" : "s"}, ${simd ? "SIMD" : "no SIMD"}, ${fast ? `llmnist kernels, ${kernelBuild()}` : "tfjs kernels"}`;
    }
    case "cpu": {
      try {
        await import("@tensorflow/tfjs-backend-cpu");
      } catch (e) {
        throw new BackendUnavailable(`import failed: ${errorText(e)}`);
      }
      await activate("cpu");
      return "ok";
    }
  }
}

function parsePreference(value: string, source: string): BackendName | "auto" {
  const v = value.trim();
  if (v === "auto" || (BACKEND_NAMES as readonly string[]).includes(v)) return v as BackendName | "auto";
  throw new Error(`${source}: unknown backend "${value}", expected one of auto, ${BACKEND_NAMES.join(", ")}`);
}

async function select(prefer: BackendName | "auto", log: (line: string) => void, viaEnv: boolean): Promise<BackendChoice> {
  const order = prefer === "auto" ? BACKEND_NAMES : [prefer];
  const tried: BackendAttempt[] = [];
  for (const name of order) {
    try {
      const detail = await tryBackend(name);
      tried.push({ name, ok: true, detail });
      log(`backend ${name}: ${detail}`);
      const how = viaEnv ? `${BACKEND_ENV_VAR}=${prefer}` : prefer === "auto" ? "auto" : "requested";
      const reason =
        prefer === "auto"
          ? tried.length === 1
            ? `auto: ${name} is the first choice and works`
            : `auto: first that works after ${tried.filter((t) => !t.ok).map((t) => t.name).join(", ")} failed`
          : `${how}: ${name}`;
      return { name, tfBackend: tf.getBackend(), reason, tried };
    } catch (e) {
      if (!(e instanceof BackendUnavailable)) throw e;
      tried.push({ name, ok: false, detail: e.message });
      log(`backend ${name}: unavailable: ${e.message}`);
    }
  }
  if (prefer !== "auto") {
    const how = viaEnv ? ` (from ${BACKEND_ENV_VAR})` : "";
    const pkg = prefer === "tensorflow" || prefer === "tensorflow-gpu" ? ` (${NODE_PACKAGES[prefer]})` : "";
    throw new Error(
      `backend "${prefer}"${pkg}${how} is unavailable: ${tried[0]?.detail ?? "unknown reason"}; ` +
        `use "auto", "wasm" or "cpu" instead`,
    );
  }
  throw new Error(`no TensorFlow.js backend works: ${tried.map((t) => `${t.name}: ${t.detail}`).join("; ")}`);
}

let cache: { prefer: BackendName | "auto"; choice: Promise<BackendChoice> } | null = null;

/**
 * Picks and activates the TensorFlow.js backend. LLMNIST_BACKEND (a BackendName or "auto")
 * overrides `prefer`. An explicit backend that does not work throws, naming it and why.
 * A second call with the same preference returns the cached choice (re-activating it if
 * something switched backends since).
 */
export async function selectBackend(opts: SelectBackendOptions = {}): Promise<BackendChoice> {
  const env = process.env[BACKEND_ENV_VAR];
  const viaEnv = env !== undefined && env.trim() !== "";
  const prefer = viaEnv ? parsePreference(env, BACKEND_ENV_VAR) : parsePreference(opts.prefer ?? "auto", "selectBackend: prefer");
  const log = opts.log ?? (() => {});
  if (cache !== null && cache.prefer === prefer) {
    const choice = await cache.choice;
    if (tf.getBackend() !== choice.tfBackend) await tf.setBackend(choice.tfBackend);
    return choice;
  }
  const choice = select(prefer, log, viaEnv);
  cache = { prefer, choice };
  try {
    return await choice;
  } catch (e) {
    cache = null;
    throw e;
  }
}

/** One human line, e.g. "backend: wasm (tfjs-node-gpu: not installed; tfjs-node: ...; wasm: ok, 1 thread, SIMD)". */
export function describeBackend(choice: BackendChoice): string {
  // The parenthesised explanation of a failure is in `tried`; the line keeps the gist.
  const parts = choice.tried.map((t) => `${LABELS[t.name]}: ${t.detail.replace(/ \([^()]*\)$/, "")}`);
  return `backend: ${choice.name} (${parts.join("; ")})`;
}

function errorText(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  return msg.split("\n")[0] ?? msg;
}
