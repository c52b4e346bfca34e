import { existsSync } from "node:fs";
import { join } from "node:path";
import { defaultMnistDir, MNIST_FILES } from "@llmnist/mnist-data/node";
import { selectBackend } from "@llmnist/train/node";
import { BACKEND_CHOICES } from "../backend.js";
import type { Command } from "../command.js";
import { parseFlags } from "../args/parse-flags.js";
import { parseChoice } from "../args/values.js";
import { DEFAULT_CHECKPOINT } from "../paths.js";
import { allVersions } from "../versions.js";
import { describeDefaultModel } from "./default-model.js";

const usage = `usage: llmnist info [--json] [--backend NAME]

Versions of llmnist, TensorFlow.js and Node, the backend training would use and why (every
backend tried, in order), where the MNIST files are, and whether the default model is there.

  --json           print one JSON object
  --backend NAME   ${BACKEND_CHOICES.join(" | ")} (default auto; LLMNIST_BACKEND overrides)

example: llmnist info`;

export const infoCommand: Command = {
  name: "info",
  summary: "versions, the TensorFlow.js backend in use and why, data location",
  usage,
  async run(argv) {
    const { values } = parseFlags(argv, {
      json: { type: "boolean", default: false },
      backend: { type: "string", default: "auto" },
    });
    const prefer = parseChoice("--backend", values.backend, BACKEND_CHOICES);
    const versions = allVersions();
    const backend = await selectBackend({ prefer });
    const mnistDir = defaultMnistDir();
    const mnistFiles = Object.values(MNIST_FILES).flatMap((s) => [s.images, s.labels]);
    const found = mnistFiles.filter((f) => existsSync(join(mnistDir, f)) || existsSync(join(mnistDir, `${f}.gz`)));
    if (values.json) {
      const info = {
        versions,
        node: process.version,
        platform: `${process.platform} ${process.arch}`,
        backend: { name: backend.name, tf_backend: backend.tfBackend, reason: backend.reason, tried: backend.tried },
        mnist: { dir: mnistDir, files_found: found.length, files_expected: mnistFiles.length },
        default_checkpoint: { path: DEFAULT_CHECKPOINT, present: existsSync(DEFAULT_CHECKPOINT) },
      };
      process.stdout.write(JSON.stringify(info) + "\n");
      return 0;
    }
    const lines = [`llmnist ${versions["@llmnist/cli"]}, node ${process.version} (${process.platform} ${process.arch})`, "packages:"];
    const width = Math.max(...Object.keys(versions).map((p) => p.length));
    for (const [pkg, version] of Object.entries(versions)) lines.push(`  ${pkg.padEnd(width)}  ${version ?? "not installed"}`);
    lines.push(`backend: ${backend.name} (${backend.reason})`);
    for (const t of backend.tried) lines.push(`  ${t.name.padEnd(15)} ${t.ok ? "" : "unavailable: "}${t.detail}`);
    lines.push(`MNIST: ${mnistDir} (${found.length} of ${mnistFiles.length} files found)`);
    lines.push(describeDefaultModel());
    process.stdout.write(lines.join("\n") + "\n");
    return 0;
  },
};
