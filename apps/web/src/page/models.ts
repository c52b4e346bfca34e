// The one place the page loads models: each file once, shared by every panel that asks.
import { parseSafetensors } from "@llmnist/safetensors";
import { vitFromSafetensors, type VisionTransformer } from "@llmnist/vit";
import { vitDetectorFromSafetensors, type VitDetector } from "@llmnist/vit-detector";
import { fetchBytes, fetchJson } from "./fetch-bytes.js";
import { MODEL_FILES } from "./model-files.js";
import type { ModelStatus } from "./protocol.js";
import { VlAsker } from "./vl-asker.js";

export type ModelName = keyof typeof MODEL_FILES;

export interface Models {
  vit: Promise<VisionTransformer>;
  mnistvl: Promise<VlAsker>;
  detector: Promise<VitDetector>;
}

/** `./models/NAME`: relative, so the page works under any base path. */
const modelPath = (file: string): string => `./models/${file}`;

async function loadVit(): Promise<VisionTransformer> {
  const path = modelPath(MODEL_FILES.vit);
  return vitFromSafetensors(parseSafetensors(await fetchBytes(path), path), path);
}

async function loadMnistVL(): Promise<VlAsker> {
  const path = modelPath(MODEL_FILES.mnistvl);
  const [bytes, tokenizerJson, tokenizerConfig] = await Promise.all([
    fetchBytes(path),
    fetchJson(modelPath("tokenizer/tokenizer.json")),
    fetchJson(modelPath("tokenizer/tokenizer_config.json")),
  ]);
  return VlAsker.fromBytes(bytes, tokenizerJson, tokenizerConfig, path);
}

async function loadDetector(): Promise<VitDetector> {
  const path = modelPath(MODEL_FILES.detector);
  return vitDetectorFromSafetensors(parseSafetensors(await fetchBytes(path), path), path);
}

/**
 * Starts loading every model (call after the backend is set: weights live on it) and reports
 * each one's status as it changes.
 */
export function loadModels(onStatus: (name: ModelName, status: ModelStatus) => void): Models {
  const track = <T>(name: ModelName, loading: Promise<T>): Promise<T> => {
    onStatus(name, "loading");
    loading.then(
      () => onStatus(name, "ready"),
      (error: Error) => onStatus(name, `error: ${error.message}`),
    );
    return loading;
  };
  return { vit: track("vit", loadVit()), mnistvl: track("mnistvl", loadMnistVL()), detector: track("detector", loadDetector()) };
}
