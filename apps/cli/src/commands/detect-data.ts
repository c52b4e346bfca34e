import { readdir, stat } from "node:fs/promises";
import { CanvasOptionError, checkCanvasSetOptions, createCanvasSet, POLARITIES, type CanvasSetOptions } from "@llmnist/detect";
import { loadMnistSplit } from "@llmnist/mnist-data/node";
import { abortOnSignals } from "../train/interrupt.js";
import { UsageError, type Command } from "../command.js";
import { parseFlags } from "../args/parse-flags.js";
import { parseChoice, parseIntFlag, parseNumberFlag } from "../args/values.js";
import { asUsageError, parseScale, parseSizes } from "../detect-data/flags.js";
import { writeCanvasSet } from "../detect-data/write-set.js";
import { cliVersion } from "../versions.js";

const usage = `usage: llmnist detect-data --out DIR [--split train|test] [--count N]
                           [--width W --height H | --sizes WxH,WxH,...]
                           [--min-digits N] [--max-digits N] [--scale MIN-MAX]
                           [--polarity mixed|light-on-dark|dark-on-light]
                           [--noise SD] [--clutter N] [--seed S]

Synthetic detection data: canvases of MNIST digits placed without overlap, written as
DIR/images/000000.png ... (8-bit gray) and DIR/annotations.json (COCO ground truth: bbox =
the tight box around each digit's ink, pixels >= 25% intensity; category id = the digit).
Digits come from one MNIST split only: make training sets from train, test sets from test.
Same flags and seed: the same files. DIR must not exist or be empty; it appears complete or
not at all.

  --out DIR          where to write (required)
  --split S          MNIST split the digits come from: train or test (default train)
  --count N          canvases (default 100)
  --width W          canvas width in pixels, 16..4096 (default 256)
  --height H         canvas height in pixels, 16..4096 (default 256)
  --sizes LIST       canvas sizes taken in turn, e.g. 128x128,256x192 (instead of --width/--height)
  --min-digits N     fewest digits per canvas (default 1)
  --max-digits N     most digits per canvas (default 4); digits that find no free place
                     are left out and counted
  --scale MIN-MAX    digit size as a factor of its 28 px, uniform per digit (default 0.6-2.0)
  --polarity P       light-on-dark (MNIST-style), dark-on-light, or mixed: either per canvas
                     (default mixed)
  --noise SD         Gaussian pixel noise, standard deviation in [0, 1] (default 0)
  --clutter N        strokes and blobs that are not digits, per canvas (default 0)
  --seed S           any integer (default 0); canvas k is seeded by deriveSeed(S, k)

example: llmnist detect-data --out canvases/test --split test --count 500 --sizes 128x128,256x192 --max-digits 6 --noise 0.05 --clutter 2`;

export const detectDataCommand: Command = {
  name: "detect-data",
  summary: "synthetic canvases of MNIST digits with COCO boxes (PNG + annotations.json)",
  usage,
  async run(argv) {
    const { values } = parseFlags(argv, {
      out: { type: "string" },
      split: { type: "string", default: "train" },
      count: { type: "string", default: "100" },
      width: { type: "string" },
      height: { type: "string" },
      sizes: { type: "string" },
      "min-digits": { type: "string", default: "1" },
      "max-digits": { type: "string" },
      scale: { type: "string", default: "0.6-2.0" },
      polarity: { type: "string", default: "mixed" },
      noise: { type: "string", default: "0" },
      clutter: { type: "string", default: "0" },
      seed: { type: "string", default: "0" },
    });
    const out = values.out;
    if (out === undefined) throw new UsageError("--out DIR is required");
    const split = parseChoice("--split", values.split, ["train", "test"] as const);
    if (values.sizes !== undefined && (values.width !== undefined || values.height !== undefined)) {
      throw new UsageError("--sizes and --width/--height do not go together: use one or the other");
    }
    const minDigits = parseIntFlag("--min-digits", values["min-digits"], 0);
    const options: CanvasSetOptions = {
      count: parseIntFlag("--count", values.count, 1),
      seed: parseSeed(values.seed),
      ...(values.sizes !== undefined
        ? { sizes: parseSizes(values.sizes) }
        : { width: parseIntFlag("--width", values.width ?? "256", 1), height: parseIntFlag("--height", values.height ?? "256", 1) }),
      minDigits,
      maxDigits: values["max-digits"] === undefined ? Math.max(4, minDigits) : parseIntFlag("--max-digits", values["max-digits"], 0),
      scale: parseScale(values.scale),
      polarity: parseChoice("--polarity", values.polarity, POLARITIES),
      noise: parseNumberFlag("--noise", values.noise),
      clutter: parseIntFlag("--clutter", values.clutter, 0),
    };
    // Every value is checked before MNIST is read or anything is written.
    let resolved;
    try {
      resolved = checkCanvasSetOptions(options);
    } catch (error) {
      if (error instanceof CanvasOptionError) throw asUsageError(error);
      throw error;
    }
    await checkOutDir(out);

    const log = (line: string): void => void process.stderr.write(line + "\n");
    const mnist = await loadMnistSplit(split);
    const sizes = resolved.sizes.map((s) => `${s.width}x${s.height}`).join(", ");
    log(`detect-data: ${resolved.count} canvases (${sizes}) of ${resolved.minDigits}-${resolved.maxDigits} digits from MNIST ${split} (${mnist.count} images), seed ${resolved.seed}`);
    const set = createCanvasSet(mnist, options);
    const stop = abortOnSignals(log, "stopping between canvases; the temporary folder is removed");
    let written;
    try {
      written = await writeCanvasSet(set, out, {
        signal: stop.signal,
        info: {
          version: `llmnist ${cliVersion()}`,
          split,
          seed: resolved.seed,
          count: resolved.count,
          sizes: resolved.sizes,
          min_digits: resolved.minDigits,
          max_digits: resolved.maxDigits,
          scale: resolved.scale,
          polarity: resolved.polarity,
          noise: resolved.noise,
          clutter: resolved.clutter,
          gap: resolved.gap,
          ink_threshold: 0.25,
          bbox: "tight box around the digit's ink (placed pixels >= 25% intensity); [x, y, width, height] in pixels",
          category_id: "the digit",
        },
      });
    } catch (error) {
      if (stop.signal.aborted) {
        log(`interrupted: nothing was written to ${out}`);
        return 130;
      }
      throw error;
    } finally {
      stop.release();
    }
    const left = written.unplaced > 0 ? ` (${written.unplaced} more found no free place and were left out)` : "";
    process.stdout.write(`${out}: ${written.images} images, ${written.objects} digits${left}; annotations.json\n`);
    return 0;
  },
};

/** --seed: any safe integer, negative too. */
function parseSeed(value: string): number {
  const trimmed = value.trim();
  const seed = /^-?\d+$/.test(trimmed) ? Number(trimmed) : NaN;
  if (!Number.isSafeInteger(seed)) throw new UsageError(`--seed must be an integer, got ${JSON.stringify(value)}`);
  return seed;
}

/** The output folder must be new or empty: the set replaces it whole. */
async function checkOutDir(out: string): Promise<void> {
  const info = await stat(out).catch(() => null);
  if (info === null) return;
  if (!info.isDirectory()) throw new UsageError(`--out ${out} is a file; give a folder that does not exist yet (or is empty)`);
  if ((await readdir(out)).length > 0) throw new UsageError(`--out ${out} exists and is not empty; give a new folder (or remove it)`);
}
