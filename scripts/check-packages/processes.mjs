// Child processes with a time limit, and an environment free of the calling package manager's settings.
import { spawnSync } from "node:child_process";

/**
 * The environment without npm_* / pnpm_* variables: `pnpm test` sets many (npm_config_*),
 * and an npm run inside a temporary project must behave as it would for a user.
 */
export function cleanEnv(extra = {}) {
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(npm_|pnpm_)/i.test(key)) continue;
    env[key] = value;
  }
  return { ...env, ...extra };
}

/**
 * Runs a command to completion. `merge`: stderr goes into stdout, so `output` keeps the
 * order a terminal would show. Never throws for a failing command: check `status`.
 */
export function run(command, args, { cwd, env = cleanEnv(), timeoutMs = 120_000, merge = false } = {}) {
  const [cmd, argv] = merge ? ["sh", ["-c", 'exec "$0" "$@" 2>&1', command, ...args]] : [command, args];
  const result = spawnSync(cmd, argv, { cwd, env, encoding: "utf8", timeout: timeoutMs, killSignal: "SIGKILL", maxBuffer: 256 * 1024 * 1024 });
  const timedOut = result.error?.code === "ETIMEDOUT" || (result.signal === "SIGKILL" && result.status === null);
  const stdout = result.stdout ?? "";
  const stderr = result.stderr ?? "";
  const status = result.status ?? (timedOut ? 124 : 1);
  const note = timedOut ? `\n[killed after ${Math.round(timeoutMs / 1000)} s]` : result.error ? `\n[${result.error.message}]` : "";
  return { status, stdout, stderr, output: `${stdout}${stderr}${note}`, timedOut };
}

/** The last `max` characters of a long output, marked as cut. */
export function tail(text, max = 6000) {
  return text.length <= max ? text : `[... ${text.length - max} characters cut ...]\n${text.slice(-max)}`;
}
