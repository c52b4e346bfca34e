import { takeSubset, type MnistSplit } from "@llmnist/mnist-data";
import { loadMnistSplit } from "@llmnist/mnist-data/node";
import { UsageError } from "../command.js";

/** The MNIST test split (10,000 images, in order), or its first `limit` images. */
export async function loadTestSet(limit?: number, flag = "--test-limit"): Promise<MnistSplit> {
  const test = await loadMnistSplit("test");
  if (limit === undefined) return test;
  if (limit > test.count) throw new UsageError(`${flag} ${limit} is more than the ${test.count} test images`);
  return takeSubset(test, limit);
}
