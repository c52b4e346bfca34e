import {
  isLossName,
  LOSS_NAMES,
  LOSS_OPTION_DEFAULTS,
  LossOptionError,
  lossOptionsOf,
  type LossName,
  type LossOptions,
} from "@llmnist/cpo-loss";
import { UsageError } from "../command.js";

/** What `--loss NAME` trains with, for the help text (a Record, so a new name needs one). */
export const LOSS_DESCRIPTIONS: Record<LossName, string> = {
  ce: "cross-entropy (the paper's Table 6-1)",
  cpo: "classification preference optimisation (Table 6-2), against the hardest wrong class",
  "cpo-all": "CPO against every wrong class, the harder ones weighted more",
  "cpo-ce": "cross-entropy + lambda * CPO",
  "cpo-margin": "CPO asking the label to lead the hardest wrong class by a margin",
};

/** The `llmnist train` flag of each loss option. */
export const LOSS_OPTION_FLAGS: Record<keyof LossOptions, string> = {
  beta: "--cpo-beta",
  lambda: "--cpo-lambda",
  margin: "--cpo-margin",
  weightTemperature: "--cpo-weight-temperature",
};

/** The loss names as a sentence: "ce, cpo, cpo-all, ...". */
export const LOSS_LIST = LOSS_NAMES.join(", ");

/** `--loss`, checked: a UsageError listing the names otherwise. */
export function checkLossName(loss: unknown): LossName {
  if (!isLossName(loss)) throw new UsageError(`--loss must be one of ${LOSS_LIST}, got ${JSON.stringify(loss)}`);
  return loss;
}

const readers = (option: keyof LossOptions): LossName[] =>
  LOSS_NAMES.filter((name) => option in LOSS_OPTION_DEFAULTS[name]);

/**
 * The options `loss` reads, defaults filled in, as run.json records them; undefined for a loss
 * that reads none (ce). An option the loss does not read is a usage error, since it would
 * silently change nothing; a bad value is one that names the flag.
 */
export function lossOptionsConfig(loss: LossName, given: LossOptions = {}): LossOptions | undefined {
  for (const option of Object.keys(given) as Array<keyof LossOptions>) {
    if (given[option] === undefined || readers(option).includes(loss)) continue;
    const users = readers(option).map((name) => `--loss ${name}`);
    throw new UsageError(`${LOSS_OPTION_FLAGS[option] ?? option} is not used by --loss ${loss} (only by ${users.join(", ") || "no loss"})`);
  }
  try {
    const resolved = lossOptionsOf(loss, given, "llmnist train");
    return Object.keys(resolved).length === 0 ? undefined : resolved;
  } catch (error) {
    if (!(error instanceof LossOptionError)) throw error;
    const flag = LOSS_OPTION_FLAGS[error.field as keyof LossOptions] ?? error.field;
    throw new UsageError(`${flag} must be ${error.expected}, got ${String(error.got)}`);
  }
}

/** "beta 1, margin 1" for log lines; "" for none. */
export function describeLossOptions(options: LossOptions | undefined): string {
  return Object.entries(options ?? {})
    .map(([key, value]) => `${key} ${String(value)}`)
    .join(", ");
}

/**
 * The differences in loss options between a saved run and this one, by flag. A run.json
 * without loss_options (written before they existed) used the loss's defaults.
 */
export function lossOptionsDifferences(saved: { loss: string; loss_options?: LossOptions | undefined }, now: { loss: string; loss_options?: LossOptions | undefined }): string[] {
  if (saved.loss !== now.loss) return []; // --loss itself differs; that is reported already
  const effective = (c: typeof saved): LossOptions => c.loss_options ?? (isLossName(c.loss) ? lossOptionsOf(c.loss) : {});
  const [a, b] = [effective(saved), effective(now)];
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])] as Array<keyof LossOptions>;
  const show = (v: number | undefined): string => (v === undefined ? "not set" : String(v));
  return keys.filter((k) => a[k] !== b[k]).map((k) => `${LOSS_OPTION_FLAGS[k] ?? k} is ${show(b[k])} now but was ${show(a[k])}`);
}
