import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, vi } from "vitest";

/** `../shared` beside the checkout: fixtures written by the PyTorch reference. */
export const SHARED_FIXTURES = fileURLToPath(new URL("../../../../shared/fixtures/", import.meta.url));
export const VIT_FIXTURE = join(SHARED_FIXTURES, "vit-0.21M-seed0.safetensors");
export const VIT_FIXTURE_LOGITS = join(SHARED_FIXTURES, "vit-0.21M-seed0.logits.json");

export interface Captured {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command with process.stdout / process.stderr captured. */
export async function capture(run: () => Promise<number>): Promise<Captured> {
  let stdout = "";
  let stderr = "";
  const out = vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  const err = vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  try {
    const code = await run();
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

const madeDirs: string[] = [];
// Registered when a test file imports this module, so it runs after that file's tests.
afterAll(() => {
  for (const dir of madeDirs) rmSync(dir, { recursive: true, force: true });
});

/** A fresh folder under the OS temp dir, removed after the test file's tests. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `llmnist-cli-${prefix}-`));
  madeDirs.push(dir);
  return dir;
}

/** softmax of one row, in float64. */
export function softmax(row: number[]): number[] {
  const max = Math.max(...row);
  const exps = row.map((v) => Math.exp(v - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((v) => v / sum);
}
