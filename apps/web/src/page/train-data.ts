import type { MnistSplit } from "@llmnist/mnist-data";
import { fetchBytes } from "./fetch-bytes.js";
import { decodeMnistSubset, SUBSET_FILES } from "./mnist-subset.js";

export interface TrainingData {
  /** The first 12000 MNIST training digits. */
  train: MnistSplit;
  /** 1000 MNIST test digits, held out: never trained on. */
  test: MnistSplit;
}

let loading: Promise<TrainingData> | undefined;

async function load(): Promise<TrainingData> {
  const read = async (file: string): Promise<MnistSplit> => decodeMnistSubset(await fetchBytes(`./data/${file}`), file);
  const [train, test] = await Promise.all([read(SUBSET_FILES.train), read(SUBSET_FILES.test)]);
  return { train, test };
}

/** Fetched on the first training only (10 MB): a visit that never trains never downloads it. */
export function trainingData(): Promise<TrainingData> {
  loading ??= load().catch((error: unknown) => {
    loading = undefined; // a later Start tries again
    throw error;
  });
  return loading;
}
