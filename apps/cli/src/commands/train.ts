import { LOSS_NAMES, type LossOptions } from "@llmnist/cpo-loss";
import { TrainingAbortedError } from "@llmnist/train";
import { VIT_MOE_PRESETS, VIT_PRESETS } from "@llmnist/vit";
import { BACKEND_CHOICES } from "../backend.js";
import { UsageError, type Command } from "../command.js";
import { parseFlags } from "../args/parse-flags.js";
import { shellJoin } from "../args/shell-quote.js";
import { optionalIntFlag, parseChoice, parseIntFlag, parseNumberFlag } from "../args/values.js";
import { PRESET_NAMES } from "../model/preset-name.js";
import { abortOnSignals } from "../train/interrupt.js";
import { AUGMENT_KNOBS, augmentKnobsHelp, type AugmentKnobs } from "../train/augment-options.js";
import { LOSS_DESCRIPTIONS, LOSS_OPTION_FLAGS } from "../train/loss-options.js";
import { PAPER_SEED, runTrain } from "../train/run-train.js";

const lossLines = LOSS_NAMES.map((name) => `                           ${name.padEnd(11)} ${LOSS_DESCRIPTIONS[name]}`).join("\n");

const usage = `usage: llmnist train [--preset 0.21M] [--loss ${LOSS_NAMES.join("|")}] [--out DIR] [options]

Trains the paper's ViT on MNIST with its protocol (AdamW, warm-up + cosine, batch 32),
evaluating on the test set after every epoch. Ctrl-C stops cleanly with a checkpoint;
run again with --resume to continue (also after a crash or kill, from the last checkpoint).

  --preset NAME          the paper's: ${Object.keys(VIT_PRESETS).join(" | ")} (default 0.21M)
                         mixture of experts (beyond the paper): ${Object.keys(VIT_MOE_PRESETS).join(" | ")}
  --loss NAME            the training loss (default ce; formulas in @llmnist/cpo-loss's README):
${lossLines}
  --cpo-beta B           preference strength of cpo, cpo-all, cpo-ce, cpo-margin; B > 0 (default 1)
  --cpo-lambda L         cpo-ce: weight of the CPO term; L >= 0 (default 1)
  --cpo-margin M         cpo-margin: the lead asked of the label, in logits; M >= 0 (default 1)
  --cpo-weight-temperature T
                         cpo-all: softmax temperature of the wrong-class weights; T > 0 (default 1)
  --epochs N             default 10
  --batch N              default 32
  --seed N               initialisation and shuffling seed, decimal or 0x hex (default 0x66ccff)
  --train-limit N        train on the first N training images only
  --test-limit N         evaluate on the first N test images only
  --out DIR              default runs/<preset>-<loss>-seed<seed>
  --resume               continue the run in DIR (same options); starts fresh when there is none
  --overwrite            replace a run already in DIR
  --checkpoint-every N   resumable checkpoint every N steps (default 100, and at every epoch end)
  --backend NAME         ${BACKEND_CHOICES.join(" | ")} (default auto; LLMNIST_BACKEND overrides)
  --threads N            1, or 2: data-parallel on wasm/cpu, each thread half of every batch
                         (default LLMNIST_THREADS, else 2 on a machine with 2 cores or more)

Augmentation of the training images (test images never are; @llmnist/mnist-data's augmentImage,
each image seeded by the run's seed, the step and its place in the batch, so resumed and
data-parallel runs see the same images). In this order:
  --augment              turn it on with the default recipe: rotation ±10°, shift ±2 px,
                         scale ±10%, a smooth elastic field up to 3 px (sigma 4); strokes
                         0.5 px thinner to 1 px thicker per side; blur sigma 0..0.5 px; peak
                         back to 1; ink gain 1..1.5, gamma 1/1.5..1.5. Each knob below
                         changes one range (needs --augment):
${augmentKnobsHelp("  ", 25)}

Distillation (the teacher runs once over the un-augmented training images: not with --augment):
  --teacher FILE         a trained ViT (model.safetensors or best.safetensors of a run)
  --kd-temperature T     softmax temperature of the KL term (default 4)
  --kd-weight W          loss = (1 - W) * label loss + W * T^2 * KL(teacher || student), W in [0, 1]
                         (default 0.9)

Writes into DIR: metrics.jsonl, checkpoint.safetensors, best.safetensors, model.safetensors,
curve.svg, confusion.svg, summary.json, run.json. For a mixture of experts summary.json also
holds params_total, params_active, moe (experts, top_k, the best model's expert load per layer
on the test images), train_aux_loss and train_images_per_second.

example: llmnist train --preset 0.21M --loss cpo --epochs 10 --out runs/cpo --resume
example: llmnist train --preset 0.21M --loss cpo-margin --cpo-margin 2 --out runs/cpo-margin2
example: llmnist train --preset 0.21M-moe4 --seed 1 --out runs/0.21M-moe4-ce-seed1
example: llmnist train --preset 0.21M --augment --augment-rotation 15 --seed 1 --out runs/0.21M-ce-aug-seed1
example: llmnist train --preset 0.21M --teacher results/runs/1.68M-ce-seed6737151/best.safetensors --out runs/kd`;

export const trainCommand: Command = {
  name: "train",
  summary: "train a ViT preset on MNIST (resumable; writes model, curves, summary)",
  usage,
  async run(argv) {
    const { values } = parseFlags(argv, {
      preset: { type: "string", default: "0.21M" },
      loss: { type: "string", default: "ce" },
      "cpo-beta": { type: "string" },
      "cpo-lambda": { type: "string" },
      "cpo-margin": { type: "string" },
      "cpo-weight-temperature": { type: "string" },
      epochs: { type: "string", default: "10" },
      batch: { type: "string", default: "32" },
      seed: { type: "string", default: String(PAPER_SEED) },
      "train-limit": { type: "string" },
      "test-limit": { type: "string" },
      out: { type: "string" },
      resume: { type: "boolean", default: false },
      overwrite: { type: "boolean", default: false },
      "checkpoint-every": { type: "string", default: "100" },
      backend: { type: "string", default: "auto" },
      threads: { type: "string" },
      teacher: { type: "string" },
      "kd-temperature": { type: "string" },
      "kd-weight": { type: "string" },
      augment: { type: "boolean", default: false },
      ...Object.fromEntries(Object.values(AUGMENT_KNOBS).map((k) => [k.flag.slice(2), { type: "string" } as const])),
    });
    const preset = parseChoice("--preset", values.preset, PRESET_NAMES);
    const loss = parseChoice("--loss", values.loss, LOSS_NAMES);
    // --cpo-beta etc.: only the given ones; runTrain fills in the loss's defaults and checks ranges.
    const lossOptions: LossOptions = {};
    const given: Record<string, string | boolean | undefined> = values;
    for (const [option, flag] of Object.entries(LOSS_OPTION_FLAGS) as Array<[keyof LossOptions, string]>) {
      const raw = given[flag.replace(/^--/, "")];
      if (typeof raw === "string") lossOptions[option] = parseNumberFlag(flag, raw);
    }
    const seed = parseIntFlag("--seed", values.seed, 0);
    // --augment-*: only the given ones, each needing --augment; runTrain checks the ranges.
    const knobs: AugmentKnobs = {};
    for (const [knob, { flag }] of Object.entries(AUGMENT_KNOBS) as Array<[keyof AugmentKnobs, { flag: string }]>) {
      const raw = given[flag.slice(2)];
      if (typeof raw !== "string") continue;
      if (!values.augment) throw new UsageError(`${flag} needs --augment`);
      knobs[knob] = parseNumberFlag(flag, raw);
    }
    if (values.resume && values.overwrite) throw new UsageError("--resume and --overwrite cannot be used together");
    const interrupt = abortOnSignals();
    try {
      const { summary, files } = await runTrain({
        preset,
        loss,
        lossOptions,
        seed,
        epochs: parseIntFlag("--epochs", values.epochs, 1),
        batch: parseIntFlag("--batch", values.batch, 1),
        trainLimit: optionalIntFlag("--train-limit", values["train-limit"], 1),
        testLimit: optionalIntFlag("--test-limit", values["test-limit"], 1),
        outDir: values.out ?? `runs/${preset}-${loss}-seed${seed}`,
        resume: values.resume,
        overwrite: values.overwrite,
        checkpointEverySteps: parseIntFlag("--checkpoint-every", values["checkpoint-every"], 0),
        backend: parseChoice("--backend", values.backend, BACKEND_CHOICES),
        threads: optionalIntFlag("--threads", values.threads, 1),
        ...(values.teacher === undefined ? {} : { teacher: values.teacher }),
        ...(values["kd-temperature"] === undefined ? {} : { kdTemperature: parseNumberFlag("--kd-temperature", values["kd-temperature"]) }),
        ...(values["kd-weight"] === undefined ? {} : { kdWeight: parseNumberFlag("--kd-weight", values["kd-weight"]) }),
        ...(values.augment ? { augment: knobs } : {}),
        signal: interrupt.signal,
        command: shellJoin(["llmnist", "train", ...argv]),
      });
      process.stdout.write(
        `best test accuracy ${summary.best_accuracy.toFixed(2)}% (epoch ${summary.best_epoch}), ` +
          `final ${summary.final_accuracy.toFixed(2)}%, ${summary.wall_seconds.toFixed(0)} s; results in ${files.summary}\n`,
      );
      return 0;
    } catch (error) {
      if (error instanceof TrainingAbortedError) {
        const again = [...argv.filter((a) => a !== "--overwrite" && a !== "--resume"), "--resume"];
        process.stderr.write(
          `stopped after ${error.epochsDone} epochs and ${error.stepInEpoch} steps` +
            (error.checkpoint ? `; checkpoint ${error.checkpoint}` : "") +
            `\ncontinue with: ${shellJoin(["llmnist", "train", ...again])}\n`,
        );
        return 130;
      }
      throw error;
    } finally {
      interrupt.release();
    }
  },
};
