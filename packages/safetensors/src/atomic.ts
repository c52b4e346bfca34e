import { randomBytes } from "node:crypto";
import { mkdir, open, rename, unlink } from "node:fs/promises";
import { dirname } from "node:path";

/**
 * Writes `data` to `path` atomically: the bytes go to `${path}.tmp-<pid>-<random>` in the same
 * folder, are fsynced, and the temp file is renamed over `path`. Readers see the old file or the
 * new one, never a partial write; on failure the temp file is removed and `path` is untouched.
 * Creates the parent folder if needed.
 */
export async function writeFileAtomic(path: string, data: Uint8Array | string): Promise<void> {
  if (typeof data !== "string" && !(data instanceof Uint8Array)) {
    throw new Error(`writeFileAtomic(${path}): data must be a Uint8Array or string, got ${typeof data}`);
  }
  const dir = dirname(path);
  await mkdir(dir, { recursive: true });
  const tmp = `${path}.tmp-${process.pid}-${randomBytes(6).toString("hex")}`;
  try {
    const handle = await open(tmp, "wx");
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, path);
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
  await syncDir(dir);
}

/** Makes the rename itself durable; not every platform can open a folder, so best effort. */
async function syncDir(dir: string): Promise<void> {
  try {
    const handle = await open(dir, "r");
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // e.g. Windows: directories cannot be opened for fsync.
  }
}
