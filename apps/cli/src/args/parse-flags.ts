import { parseArgs, type ParseArgsConfig } from "node:util";
import { UsageError } from "../command.js";

type Options = NonNullable<ParseArgsConfig["options"]>;

/** What parseArgs returns for these options (typed flag values, positionals). */
export type ParsedFlags<O extends Options, P extends boolean> = ReturnType<
  typeof parseArgs<{ args: string[]; options: O; strict: true; allowPositionals: P }>
>;

/**
 * node:util parseArgs in strict mode, with its errors turned into short UsageErrors
 * ("unknown flag --foo") that the dispatcher prints with the command's usage.
 */
export function parseFlags<O extends Options, P extends boolean = false>(
  argv: string[],
  options: O,
  allowPositionals?: P,
): ParsedFlags<O, P> {
  try {
    return parseArgs({ args: argv, options, strict: true as const, allowPositionals: (allowPositionals ?? false) as P });
  } catch (error) {
    throw new UsageError(explainParseError(error));
  }
}

function explainParseError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: string }).code;
  const flag = /'(-{1,2}[^' ]+)/.exec(message)?.[1];
  switch (code) {
    case "ERR_PARSE_ARGS_UNKNOWN_OPTION":
      return `unknown flag ${flag ?? message}`;
    case "ERR_PARSE_ARGS_INVALID_OPTION_VALUE":
      // Either a value is missing ("--epochs" at the end) or a boolean flag got one ("--json=1").
      return message.includes("argument missing") ? `flag ${flag ?? "?"} needs a value` : message;
    case "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL": {
      const arg = /'([^']*)'/.exec(message)?.[1];
      return `unexpected argument ${JSON.stringify(arg ?? message)} (this command takes only flags)`;
    }
    default:
      return message;
  }
}
