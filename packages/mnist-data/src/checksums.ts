import { createHash } from "node:crypto";

/** SHA-256 of the four original (decompressed) MNIST IDX files. */
export const MNIST_SHA256: Readonly<Record<string, string>> = Object.freeze({
  "t10k-images-idx3-ubyte": "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
  "t10k-labels-idx1-ubyte": "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
  "train-images-idx3-ubyte": "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
  "train-labels-idx1-ubyte": "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
});

/** Lower-case hex SHA-256 of `bytes`. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/**
 * Throws unless `bytes` hash to the known SHA-256 of the standard MNIST file `name`
 * (e.g. "train-images-idx3-ubyte"). `source` is the path shown in the error.
 */
export function verifyMnistChecksum(name: string, bytes: Uint8Array, source: string): void {
  const expected = MNIST_SHA256[name];
  if (expected === undefined) {
    throw new Error(
      `${source}: no known checksum for "${name}": expected one of ${Object.keys(MNIST_SHA256).join(", ")}`,
    );
  }
  const actual = sha256Hex(bytes);
  if (actual !== expected) {
    throw new Error(
      `${source}: SHA-256 mismatch for ${name} (decompressed): expected ${expected}, found ${actual}. ` +
        `The file is corrupted or not the original MNIST file (pass verify: false to load it anyway).`,
    );
  }
}
