import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { KERNELS_RELAXED_WASM_BASE64, KERNELS_SOURCE_SHA256, KERNELS_WASM_BASE64 } from "./generated/kernels-wasm.js";
import { kernelBuild } from "./node.js";

const csrc = fileURLToPath(new URL("../csrc/", import.meta.url));

describe("the embedded WebAssembly module", () => {
  it("was built from the C sources as they are now (else run `pnpm --filter @llmnist/kernels build:wasm`)", () => {
    const hash = createHash("sha256");
    for (const name of readdirSync(csrc).filter((n) => n.endsWith(".c") || n.endsWith(".h")).sort()) {
      hash.update(name).update(readFileSync(csrc + name));
    }
    expect(hash.digest("hex")).toBe(KERNELS_SOURCE_SHA256);
  });

  it.each([
    ["simd128", KERNELS_WASM_BASE64],
    ["relaxed-simd", KERNELS_RELAXED_WASM_BASE64],
  ])("%s: imports only the tfjs heap and owns no data segment (it must not write outside what it is given)", (_build, base64) => {
    kernelBuild(); // lets this runtime compile the relaxed build
    const bytes = Buffer.from(base64, "base64");
    const module = new WebAssembly.Module(bytes);
    expect(WebAssembly.Module.imports(module)).toEqual([{ module: "env", name: "memory", kind: "memory" }]);
    const sectionIds: number[] = [];
    for (let i = 8; i < bytes.length; ) {
      const id = bytes[i++]!;
      let size = 0;
      for (let shift = 0; ; shift += 7) {
        const byte = bytes[i++]!;
        size |= (byte & 0x7f) << shift;
        if (!(byte & 0x80)) break;
      }
      sectionIds.push(id);
      i += size;
    }
    const DATA_SECTION = 11;
    expect(sectionIds).not.toContain(DATA_SECTION);
  });
});
