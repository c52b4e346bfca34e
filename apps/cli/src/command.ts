/** One `llmnist` subcommand. The registry (commands/index.ts) lists them for help and dispatch. */
export interface Command {
  /** As typed: `llmnist <name>`. */
  name: string;
  /** One line for `llmnist --help`. */
  summary: string;
  /** Full help for `llmnist <name> --help`: usage line, flags with defaults, an example. */
  usage: string;
  /** Runs with the arguments after the name; resolves to the process exit code. */
  run(argv: string[]): Promise<number>;
}

/** A mistake in how the command was called (bad flag, missing file): printed with the usage, exit code 2. */
export class UsageError extends Error {
  override name = "UsageError";
}
