import type { Command } from "../command.js";
import { detectCommand } from "./detect.js";
import { detectDataCommand } from "./detect-data.js";
import { detectEvalCommand } from "./detect-eval.js";
import { detectTrainCommand } from "./detect-train.js";
import { evalCommand } from "./eval.js";
import { infoCommand } from "./info.js";
import { logitsCommand } from "./logits.js";
import { predictCommand } from "./predict.js";
import { trainCommand } from "./train.js";
import { lmLogitsCommand } from "./lm-logits.js";
import { vlAskCommand } from "./vl-ask.js";
import { serveCommand } from "./serve.js";
import { vlDistillCommand } from "./vl-distill.js";
import { vlEvalCommand } from "./vl-eval.js";
import { vlTrainCommand } from "./vl-train.js";

/** Every `llmnist` subcommand, in the order `llmnist --help` lists them. */
export const COMMANDS: readonly Command[] = [
  trainCommand,
  evalCommand,
  predictCommand,
  logitsCommand,
  infoCommand,
  vlTrainCommand,
  vlDistillCommand,
  vlEvalCommand,
  vlAskCommand,
  lmLogitsCommand,
  detectCommand,
  detectTrainCommand,
  detectEvalCommand,
  detectDataCommand,
  serveCommand,
];

export { detectCommand, detectDataCommand, detectEvalCommand, evalCommand, infoCommand, lmLogitsCommand, logitsCommand, predictCommand, trainCommand, vlAskCommand, vlDistillCommand, vlEvalCommand, vlTrainCommand };
