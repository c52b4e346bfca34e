import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { readIdxFile } from "./idx-file.js";
import { idxBytes, removeTempDirs, tempDirWith } from "./test-fixtures.js";

afterAll(removeTempDirs);

describe("readIdxFile", () => {
  it("reads plain and gzip files (gzip detected by content, not name)", async () => {
    const plain = idxBytes(0x08, [3], [1, 2, 3]);
    const dir = await tempDirWith({ "a-idx1-ubyte": plain, "a-idx1-ubyte.gz": gzipSync(plain) });
    await writeFile(join(dir, "no-extension"), gzipSync(plain));
    for (const name of ["a-idx1-ubyte", "a-idx1-ubyte.gz", "no-extension"]) {
      const a = await readIdxFile(join(dir, name));
      expect(a.dims).toEqual([3]);
      expect(Array.from(a.data)).toEqual([1, 2, 3]);
    }
  });

  it("names the file in errors, including a corrupt gzip stream", async () => {
    const gz = gzipSync(idxBytes(0x08, [100], new Array(100).fill(1)));
    const dir = await tempDirWith({
      "trunc.idx": idxBytes(0x08, [4], [1, 2]),
      "broken.gz": gz.subarray(0, gz.length - 10),
    });
    await expect(readIdxFile(join(dir, "trunc.idx"))).rejects.toThrow(
      `${join(dir, "trunc.idx")}: truncated: header says 4 uint8 = 4 bytes of data, file has 2`,
    );
    await expect(readIdxFile(join(dir, "broken.gz"))).rejects.toThrow(
      `${join(dir, "broken.gz")}: gzip data could not be decompressed`,
    );
  });
});
