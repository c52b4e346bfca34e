import { UsageError, type Command } from "./command.js";
import { COMMANDS } from "./commands/index.js";
import { cliVersion } from "./versions.js";

/** `llmnist --help`: every command with its one-line summary. */
export function topLevelUsage(commands: readonly Command[] = COMMANDS): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    "usage: llmnist <command> [flags]",
    "",
    "LLM techniques for MNIST on TensorFlow.js: the paper's ViT, CPO, MnistVL.",
    "",
    "commands:",
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    "",
    "`llmnist <command> --help` shows a command's flags and an example; `llmnist --version` the version.",
  ].join("\n");
}

const wantsHelp = (argv: string[]): boolean => {
  const end = argv.indexOf("--");
  return (end === -1 ? argv : argv.slice(0, end)).some((a) => a === "--help" || a === "-h");
};

/**
 * Runs `llmnist <argv>` and resolves to the exit code: 0 done, 1 failed, 2 called wrongly
 * (message and usage on stderr), 130 interrupted.
 */
export async function runCli(argv: string[], commands: readonly Command[] = COMMANDS): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    const helpFor = name === "help" ? commands.find((c) => c.name === rest[0]) : undefined;
    process.stdout.write((helpFor?.usage ?? topLevelUsage(commands)) + "\n");
    return name === undefined ? 2 : 0;
  }
  if (name === "--version" || name === "-v") {
    process.stdout.write(`${cliVersion()}\n`);
    return 0;
  }
  const command = commands.find((c) => c.name === name);
  if (command === undefined) {
    process.stderr.write(`llmnist: unknown command ${JSON.stringify(name)}\n\n${topLevelUsage(commands)}\n`);
    return 2;
  }
  if (wantsHelp(rest)) {
    process.stdout.write(command.usage + "\n");
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`llmnist ${command.name}: ${error.message}\n\n${command.usage}\n`);
      return 2;
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`llmnist ${command.name}: error: ${message}\n`);
    if (process.env.LLMNIST_DEBUG && error instanceof Error && error.stack) process.stderr.write(error.stack + "\n");
    return 1;
  }
}
