import type { Command } from "../command.js";
import { evalCommand } from "./eval.js";
import { infoCommand } from "./info.js";
import { logitsCommand } from "./logits.js";
import { predictCommand } from "./predict.js";
import { trainCommand } from "./train.js";

/** Every `llmnist` subcommand, in the order `llmnist --help` lists them. */
export const COMMANDS: readonly Command[] = [trainCommand, evalCommand, predictCommand, logitsCommand, infoCommand];

export { evalCommand, infoCommand, logitsCommand, predictCommand, trainCommand };
