import { BACKEND_NAMES, describeBackend, selectBackend, type BackendChoice, type BackendName } from "@llmnist/train/node";

/** Values of --backend. */
export const BACKEND_CHOICES = ["auto", ...BACKEND_NAMES] as const;
export type BackendPreference = BackendName | "auto";

/** Activates the TensorFlow.js backend (LLMNIST_BACKEND overrides `prefer`) and says which on stderr. */
export async function activateBackend(prefer: BackendPreference, log: (line: string) => void = logToStderr): Promise<BackendChoice> {
  const choice = await selectBackend({ prefer });
  log(describeBackend(choice));
  return choice;
}

export function logToStderr(line: string): void {
  process.stderr.write(line + "\n");
}
