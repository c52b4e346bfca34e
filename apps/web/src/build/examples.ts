import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { createCanvasSet, type Canvas } from "@llmnist/detect";
import { loadMnistSplit } from "@llmnist/mnist-data/node";
import { PNG } from "pngjs";
import { DETECT_HEIGHT, DETECT_WIDTH } from "../page/detect-geometry.js";
import type { ExampleCanvas } from "../page/protocol.js";

/**
 * The examples: MNIST *test* digits (the detector trained on train-split canvases), dark ink
 * on white like the pad, 22-56 px a side (the detector's training range), at the detector's
 * picture size.
 */
export const EXAMPLE_OPTIONS = {
  count: 6,
  seed: 2024,
  width: DETECT_WIDTH,
  height: DETECT_HEIGHT,
  minDigits: 2,
  maxDigits: 4,
  scale: [0.8, 2] as const,
  polarity: "dark-on-light" as const,
};

/** Gray pixels in [0, 1] as an 8-bit grayscale PNG. */
function grayPng({ pixels, width, height }: Canvas): Uint8Array {
  const gray = Buffer.alloc(width * height);
  for (let i = 0; i < gray.length; i++) gray[i] = Math.round(Math.min(1, Math.max(0, pixels[i]!)) * 255);
  // pngjs packs gray input as is when told its colour type.
  const image = { width, height, data: gray } as unknown as PNG;
  return PNG.sync.write(image, { colorType: 0, inputColorType: 0, inputHasAlpha: false });
}

/** Writes examples/example-K.png and examples/index.json (each canvas's ground truth). */
export async function writeExamples(outDir: string): Promise<ExampleCanvas[]> {
  const dir = join(outDir, "examples");
  await mkdir(dir, { recursive: true });
  const set = createCanvasSet(await loadMnistSplit("test"), EXAMPLE_OPTIONS);
  const examples: ExampleCanvas[] = [];
  for (let k = 0; k < EXAMPLE_OPTIONS.count; k++) {
    const canvas = set.canvas(k);
    const image = `example-${k}.png`;
    await writeFile(join(dir, image), grayPng(canvas));
    examples.push({ image, width: canvas.width, height: canvas.height, objects: canvas.objects.map(({ box, digit }) => ({ box: [...box], digit })) });
  }
  await writeFile(join(dir, "index.json"), `[\n${examples.map((e) => JSON.stringify(e)).join(",\n")}\n]\n`); // one example a line
  return examples;
}
