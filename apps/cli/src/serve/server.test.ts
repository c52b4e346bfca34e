import { mkdirSync, writeFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { connect } from "node:net";
import { join } from "node:path";
import type { MnistSplit } from "@llmnist/mnist-data";
import { loadMnistSplit } from "@llmnist/mnist-data/node";
import { MNIST_QUESTION } from "@llmnist/mnistvl";
import OpenAI from "openai";
import type { CompletionUsage } from "openai/resources/completions";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../cli.js";
import { capture, tempDir } from "../test-helpers.js";
import { createRng, deriveSeed } from "@llmnist/random";
import { makeCanvas } from "@llmnist/detect";
import { encodeGrayPng } from "../detect-data/encode-gray-png.js";
import { dataUrl, mnistPng, pngHeaderOnly, rgbaPng } from "./png.test-helpers.js";
import { startServer, type RunningServer } from "./server.js";

const KEY = "sk-test-llmnist";
/** MNIST test images both shipped models answer right (digits 7 2 1 0 4 9 5 6). */
const PICKS = [0, 1, 2, 3, 4, 7, 8, 11];

let test: MnistSplit;
let server: RunningServer;
const logs: string[] = [];
const png = (k: number): Buffer => mnistPng(test, k);
const label = (k: number): number => test.labels[k]!;

beforeAll(async () => {
  test = await loadMnistSplit("test");
  // maxWaitMs 25 rather than 5 so that the concurrency tests see batches even on a busy machine.
  // webDir null: whether apps/web is built must not change what "/" answers here (the page has its own test).
  server = await startServer({ port: 0, apiKey: KEY, backend: "auto", maxWaitMs: 25, webDir: null, log: (line) => logs.push(line) });
});

afterAll(async () => {
  await server?.close();
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;
interface Reply {
  status: number;
  headers: Headers;
  body: Json;
}

async function call(url: string, path: string, init: { method?: string; body?: string | Buffer; headers?: Record<string, string> } = {}): Promise<Reply> {
  const res = await fetch(url + path, {
    method: init.method ?? (init.body === undefined ? "GET" : "POST"),
    headers: { Authorization: `Bearer ${KEY}`, ...(init.body === undefined ? {} : { "Content-Type": "application/json" }), ...init.headers },
    ...(init.body === undefined ? {} : { body: init.body }),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text === "" ? null : (JSON.parse(text) as Json) };
}

const post = (path: string, body: unknown, headers: Record<string, string> = {}): Promise<Reply> =>
  call(server.url, path, { body: typeof body === "string" ? body : JSON.stringify(body), headers });

const chatBody = (k: number, extra: Record<string, unknown> = {}) => ({
  model: "mnistvl",
  messages: [{ role: "user", content: [{ type: "image_url", image_url: { url: dataUrl(png(k)) } }] }],
  ...extra,
});

/** An OpenAI-style error with this status and code, and nothing that looks like a stack trace. */
function expectError(reply: Reply, status: number, code: string): void {
  expect(reply.status, JSON.stringify(reply.body)).toBe(status);
  expect(Object.keys(reply.body)).toEqual(["error"]);
  expect(reply.body.error).toMatchObject({ code, type: expect.any(String), message: expect.any(String) });
  expect(reply.body.error.message).not.toMatch(/\n\s+at |\.[jt]s:\d+/);
}

/** The server still answers a good request right. */
async function expectStillServing(url = server.url): Promise<void> {
  const reply = await call(url, "/v1/classify", { body: JSON.stringify({ image: png(0).toString("base64") }) });
  expect(reply.status).toBe(200);
  expect(reply.body.digit).toBe(label(0));
}

/** POSTs `total` bytes in 64 KiB chunks without a Content-Length (chunked), as fast as the server reads. */
function streamBody(url: string, total: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    let status = 0;
    const req = httpRequest(`${url}/v1/classify`, { method: "POST", headers: { "Content-Type": "application/json", Authorization: `Bearer ${KEY}` } }, (res) => {
      status = res.statusCode!;
      let body = "";
      res.on("data", (c: Buffer) => (body += c.toString()));
      res.on("end", () => resolve({ status, body }));
      res.on("error", () => resolve({ status, body }));
    });
    req.on("error", (error) => (status ? undefined : reject(error)));
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    let sent = 0;
    const pump = (): void => {
      while (sent < total && !req.destroyed) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once("drain", pump);
      }
      req.end();
    };
    pump();
  });
}

/** Sends raw bytes on a fresh TCP connection; `rest` after `pauseMs` (and `between()`); resolves to the status line. */
function rawRequest(url: string, head: string, rest: string, between: () => void, pauseMs = 150): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => {
      socket.write(head);
      setTimeout(() => {
        between();
        socket.write(rest);
      }, pauseMs);
    });
    let received = "";
    socket.on("data", (c: Buffer) => (received += c.toString()));
    socket.on("close", () => resolve(received.split("\r\n")[0]!));
    socket.on("error", reject);
  });
}

describe("llmnist serve: OpenAI-compatible chat", () => {
  it("the openai client gets each digit from chat.completions.create (image as a PNG data URL)", async () => {
    const client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: KEY, maxRetries: 0 });
    for (const k of PICKS.slice(0, 4)) {
      const completion = await client.chat.completions.create({
        model: "mnistvl",
        messages: [{ role: "user", content: [{ type: "image_url", image_url: { url: dataUrl(png(k)) } }] }],
      });
      expect(completion.id).toMatch(/^chatcmpl-/);
      expect(completion.object).toBe("chat.completion");
      expect(completion.model).toBe("mnistvl");
      expect(completion.choices).toHaveLength(1);
      expect(completion.choices[0]!.message).toMatchObject({ role: "assistant", content: String(label(k)) });
      expect(completion.choices[0]!.finish_reason).toBe("stop");
      const usage = completion.usage!;
      expect(usage.completion_tokens).toBe(2); // the digit and <|im_end|>
      expect(usage.total_tokens).toBe(usage.prompt_tokens + usage.completion_tokens);
    }
  });

  it("streams: chat.completion.chunk events, then [DONE]; the text part is the question", async () => {
    const client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: KEY, maxRetries: 0 });
    const k = PICKS[4]!;
    const stream = await client.chat.completions.create({
      model: "mnistvl",
      messages: [{ role: "user", content: [{ type: "text", text: MNIST_QUESTION }, { type: "image_url", image_url: { url: dataUrl(png(k)) } }] }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = "";
    let finish: string | null = null;
    let usage: CompletionUsage | null | undefined;
    for await (const chunk of stream) {
      expect(chunk.object).toBe("chat.completion.chunk");
      text += chunk.choices[0]?.delta.content ?? "";
      finish = chunk.choices[0]?.finish_reason ?? finish;
      usage = chunk.usage ?? usage;
    }
    expect(text).toBe(String(label(k)));
    expect(finish).toBe("stop");
    expect(usage?.completion_tokens).toBe(2);

    const raw = await fetch(`${server.url}/v1/chat/completions`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${KEY}` },
      body: JSON.stringify(chatBody(k, { stream: true })),
    });
    expect(raw.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const events = (await raw.text()).trim().split("\n\n");
    expect(events.at(-1)).toBe("data: [DONE]");
    expect(events.slice(0, -1).every((e) => e.startsWith("data: {"))).toBe(true);
  });

  it("concurrent chat requests share a generation (observed batch > 1), each answer right", async () => {
    const replies = await Promise.all(PICKS.map((k) => post("/v1/chat/completions", chatBody(k))));
    expect(replies.map((r) => r.body.choices[0].message.content)).toEqual(PICKS.map((k) => String(label(k))));
    const health = await call(server.url, "/health", { headers: { Authorization: "" } });
    expect(health.body.batching.chat.max_batch_seen).toBeGreaterThan(1);
    expect(health.body.batching.chat.max_generation_batch).toBeGreaterThan(1);
  });

  it("max_tokens 1 stops at the digit (finish_reason length); a seeded sampled answer repeats", async () => {
    const short = await post("/v1/chat/completions", chatBody(PICKS[5]!, { max_tokens: 1 }));
    expect(short.body.choices[0]).toMatchObject({ message: { content: String(label(PICKS[5]!)) }, finish_reason: "length" });
    const sampled = chatBody(PICKS[5]!, { temperature: 1.5, top_p: 0.95, seed: 1234, max_tokens: 4 });
    const [a, b] = await Promise.all([post("/v1/chat/completions", sampled), post("/v1/chat/completions", sampled)]);
    expect(a.status).toBe(200);
    expect(b.body.choices[0].message.content).toBe(a.body.choices[0].message.content);
  });

});

describe("llmnist serve: classify, models, health", () => {
  it("/health needs no key; /v1/models lists the three models in OpenAI's format", async () => {
    const health = await fetch(`${server.url}/health`);
    expect(health.status).toBe(200);
    const body = (await health.json()) as Json;
    expect(body).toMatchObject({ status: "ok", models: ["vit-0.21m", "mnistvl", "vit-detector"] });
    expect(body.batching.classify).toEqual({ batches: expect.any(Number), batched_requests: expect.any(Number), max_batch_seen: expect.any(Number) });
    const models = await call(server.url, "/v1/models");
    expect(models.body.object).toBe("list");
    expect(models.body.data.map((m: Json) => m.id)).toEqual(["vit-0.21m", "mnistvl", "vit-detector"]);
    for (const m of models.body.data) expect(m).toEqual({ id: m.id, object: "model", created: expect.any(Number), owned_by: "llmnist" });
    const listed = await new OpenAI({ baseURL: `${server.url}/v1`, apiKey: KEY, maxRetries: 0 }).models.list();
    expect(listed.data.map((m) => m.id)).toEqual(["vit-0.21m", "mnistvl", "vit-detector"]);
  });

  it("16 concurrent classify requests share forward passes (observed batch > 1)", async () => {
    const ks = Array.from({ length: 16 }, (_, i) => PICKS[i % PICKS.length]!);
    const replies = await Promise.all(ks.map((k) => post("/v1/classify", { image: png(k).toString("base64") })));
    expect(replies.map((r) => r.body.digit)).toEqual(ks.map(label));
    const health = await fetch(`${server.url}/health`);
    expect(((await health.json()) as Json).batching.classify.max_batch_seen).toBeGreaterThan(1);
  });

  it("a PNG gets exactly `llmnist predict`'s digit and probabilities; images: [...] gives results in order", async () => {
    const dir = tempDir("serve");
    const file = join(dir, "digit.png");
    writeFileSync(file, png(PICKS[6]!));
    const predicted = await capture(() => runCli(["predict", file, "--json"]));
    expect(predicted.code).toBe(0);
    const { digit, probabilities } = JSON.parse(predicted.stdout) as { digit: number; probabilities: number[] };
    const reply = await post("/v1/classify", { image: dataUrl(png(PICKS[6]!)) });
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ digit, probabilities });
    expect(digit).toBe(label(PICKS[6]!));

    const list = await post("/v1/classify", { images: PICKS.map((k) => png(k).toString("base64")) });
    expect(list.body.results.map((r: Json) => r.digit)).toEqual(PICKS.map(label));
    list.body.results[6].probabilities.forEach((p: number, d: number) => expect(p).toBeCloseTo(probabilities[d]!, 5));
  });


  it("writes one access-log line per request: ISO time, method, path, status, ms, bytes", async () => {
    await call(server.url, "/v1/models?x=1");
    expect(logs.at(-1)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z GET \/v1\/models 200 \d+ms \d+B$/);
    expect(logs.some((l) => / POST \/v1\/classify 200 \d+ms \d+B$/.test(l))).toBe(true);
  });
});

describe("llmnist serve: detect", () => {
  const canvasPng = (k: number, width: number, height: number): Buffer => {
    const canvas = makeCanvas(test, { width, height, maxDigits: 3, polarity: k % 2 === 0 ? "dark-on-light" : "light-on-dark" }, createRng(deriveSeed(77, k)));
    return Buffer.from(encodeGrayPng(canvas.pixels, width, height));
  };

  it("a canvas gets exactly `llmnist detect --json`'s boxes; images: [...] gives results in order", async () => {
    const dir = tempDir("serve-detect");
    const file = join(dir, "canvas.png");
    writeFileSync(file, canvasPng(1, 128, 96));
    const detected = await capture(() => runCli(["detect", file, "--json", "--score-threshold", "0.2"]));
    expect(detected.code, detected.stderr).toBe(0);
    const { width, height, detections } = JSON.parse(detected.stdout) as { width: number; height: number; detections: unknown[] };
    const reply = await post("/v1/detect", { image: dataUrl(canvasPng(1, 128, 96)), score_threshold: 0.2 });
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    expect(reply.body).toEqual({ width, height, detections });
    expect(detections.length).toBeGreaterThan(0);
    const list = await post("/v1/detect", { images: [canvasPng(2, 64, 64), canvasPng(1, 128, 96)].map((b) => b.toString("base64")), score_threshold: 0.2 });
    expect(list.body.results.map((r: Json) => [r.width, r.height])).toEqual([
      [64, 64],
      [128, 96],
    ]);
    expect(list.body.results[1]).toEqual(reply.body);
  });

  it("8 concurrent detect requests of one size share forward passes (observed batch > 1)", async () => {
    const replies = await Promise.all(Array.from({ length: 8 }, (_, k) => post("/v1/detect", { image: canvasPng(k, 96, 96).toString("base64") })));
    expect(replies.map((r) => r.status)).toEqual(Array(8).fill(200));
    const health = (await (await fetch(`${server.url}/health`)).json()) as Json;
    expect(health.batching.detect.max_batch_seen).toBeGreaterThan(1);
  });

  it("400 for bad settings, a tiny picture and a PNG bomb, naming the field; the server keeps serving", async () => {
    const image = canvasPng(3, 64, 64).toString("base64");
    expectError(await post("/v1/detect", { image, soft_nms: "yes" }), 400, "invalid_type");
    expectError(await post("/v1/detect", { image, score_threshold: 2 }), 400, "invalid_value");
    expectError(await post("/v1/detect", { image, max_detections: 0 }), 400, "invalid_value");
    const tiny = await post("/v1/detect", { images: [image, rgbaPng(8, 8, () => [0, 0, 0, 255]).toString("base64")] });
    expectError(tiny, 400, "invalid_image");
    expect(tiny.body.error.message).toContain("images[1]: width must be an integer in [16, 4096] pixels, got 8");
    expectError(await post("/v1/detect", { image: pngHeaderOnly(100_000, 100_000).toString("base64") }), 400, "image_too_large");
    await expectStillServing();
  });

  it("without a detector (--detector none) /v1/detect is a 404 that says how to get one, and /v1/models does not list it", async () => {
    const bare = await startServer({ port: 0, detectorCheckpoint: null, log: () => {} });
    try {
      const reply = await call(bare.url, "/v1/detect", { body: JSON.stringify({ image: canvasPng(0, 64, 64).toString("base64") }) });
      expectError(reply, 404, "not_found");
      expect(reply.body.error.message).toContain("--detector FILE");
      expect((await call(bare.url, "/v1/models")).body.data.map((m: Json) => m.id)).toEqual(["vit-0.21m", "mnistvl"]);
    } finally {
      await bare.close();
    }
  });
});

describe("llmnist serve: the web page at /", () => {
  it("serves the built page's files without the key, with their types; nothing outside it; /v1 routes unchanged", async () => {
    const outside = tempDir("serve-web");
    const web = join(outside, "site");
    mkdirSync(web);
    writeFileSync(join(web, "index.html"), "<!doctype html><title>llmnist</title>");
    writeFileSync(join(web, "app.js"), "console.log(1);");
    mkdirSync(join(web, "tfjs"));
    writeFileSync(join(web, "tfjs", "x.wasm"), Buffer.from([0, 97, 115, 109]));
    writeFileSync(join(outside, "secret.txt"), "not for you");
    const site = await startServer({ port: 0, apiKey: KEY, webDir: web, log: () => {} });
    try {
      const page = await fetch(`${site.url}/`);
      expect(page.status).toBe(200);
      expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
      expect(await page.text()).toContain("<title>llmnist</title>");
      expect((await fetch(`${site.url}/app.js`)).headers.get("content-type")).toBe("text/javascript; charset=utf-8");
      const wasm = await fetch(`${site.url}/tfjs/x.wasm`);
      expect([wasm.status, wasm.headers.get("content-type"), (await wasm.arrayBuffer()).byteLength]).toEqual([200, "application/wasm", 4]);
      for (const path of ["/../secret.txt", "/%2e%2e/secret.txt", "/tfjs", "/missing.js", "/%E0%A4%A"]) {
        const reply = await call(site.url, path);
        expect([path, reply.status]).toEqual([path, 404]);
      }
      expectError(await call(site.url, "/app.js", { body: "{}" }), 405, "method_not_allowed");
      expectError(await call(site.url, "/v1/models", { headers: { Authorization: "Bearer wrong" } }), 401, "invalid_api_key");
    } finally {
      await site.close();
    }
  });
});

describe("llmnist serve: bad requests (each followed by a good one)", () => {
  it("413 for a 10 MB body, declared or streamed, without reading it all", async () => {
    const big = await post("/v1/classify", JSON.stringify({ image: "A".repeat(10 * 1024 * 1024) }));
    expectError(big, 413, "body_too_large");
    await expectStillServing();
    const streamed = await streamBody(server.url, 10 * 1024 * 1024);
    expect(streamed.status).toBe(413);
    expect(JSON.parse(streamed.body).error.code).toBe("body_too_large");
    await expectStillServing();
  });

  it("400 for malformed JSON, missing fields, wrong types, bad base64, non-PNG, broken PNG, a PNG bomb, a blank image", async () => {
    const broken = Buffer.concat([png(0).subarray(0, 40), Buffer.alloc(20)]);
    const cases: Array<[unknown, string]> = [
      ["{not json", "invalid_json"],
      ["", "invalid_json"],
      ["[1, 2]", "invalid_type"],
      [{}, "missing_field"],
      [{ image: 7 }, "invalid_type"],
      [{ images: "abc" }, "invalid_type"],
      [{ image: "!!!! not base64 !!!!" }, "invalid_base64"],
      [{ image: Buffer.from("GIF89a and so on").toString("base64") }, "invalid_image"],
      [{ image: broken.toString("base64") }, "invalid_image"],
      [{ image: dataUrl(pngHeaderOnly(100_000, 100_000)) }, "image_too_large"],
      [{ image: dataUrl(rgbaPng(30, 30, () => [255, 255, 255, 255])) }, "invalid_image"],
      [{ images: [png(0).toString("base64"), 3] }, "invalid_type"],
    ];
    for (const [body, code] of cases) {
      expectError(await post("/v1/classify", body), 400, code);
      await expectStillServing();
    }
    expectError(await post("/v1/chat/completions", chatBody(0, { temperature: "hot" })), 400, "invalid_type");
    expectError(await post("/v1/chat/completions", { model: "mnistvl", messages: [{ role: "user", content: "What digit?" }] }), 400, "invalid_value");
    expectError(await post("/v1/chat/completions", { model: "mnistvl", messages: [{ role: "user", content: [{ type: "text", text: "<|im_end|>" }, { type: "image_url", image_url: { url: dataUrl(png(0)) } }] }] }), 400, "invalid_value");
    await expectStillServing();
  });

  it("the openai client sees a 400 as BadRequestError and a wrong model as NotFoundError", async () => {
    const client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: KEY, maxRetries: 0 });
    const withImage = (url: string, model = "mnistvl") =>
      client.chat.completions.create({ model, messages: [{ role: "user", content: [{ type: "image_url", image_url: { url } }] }] });
    await expect(withImage("data:image/png;base64,%%%")).rejects.toBeInstanceOf(OpenAI.BadRequestError);
    await expect(withImage(dataUrl(png(0)), "gpt-4o")).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    await expectStillServing();
  });

  it("415 for a wrong Content-Type, 401 without the right key, 404 for unknown routes, 405 with Allow", async () => {
    expectError(await post("/v1/classify", { image: png(0).toString("base64") }, { "Content-Type": "text/plain" }), 415, "unsupported_media_type");
    await expectStillServing();
    const noKey = await call(server.url, "/v1/models", { headers: { Authorization: "" } });
    expectError(noKey, 401, "missing_api_key");
    expect(noKey.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expectError(await post("/v1/classify", { image: png(0).toString("base64") }, { Authorization: "Bearer wrong" }), 401, "invalid_api_key");
    await expect(new OpenAI({ baseURL: `${server.url}/v1`, apiKey: "wrong", maxRetries: 0 }).models.list()).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
    await expectStillServing();
    expectError(await call(server.url, "/v1/nothing-here"), 404, "not_found");
    expectError(await call(server.url, "/"), 404, "not_found");
    await expectStillServing();
    const get = await call(server.url, "/v1/classify");
    expectError(get, 405, "method_not_allowed");
    expect(get.headers.get("allow")).toBe("POST");
    const del = await call(server.url, "/health", { method: "DELETE" });
    expectError(del, 405, "method_not_allowed");
    expect(del.headers.get("allow")).toBe("GET, HEAD");
    await expectStillServing();
  });
});

describe("llmnist serve: timeouts and shutdown", () => {
  it("408 when the body does not arrive in time, 504 when the answer does not", async () => {
    // maxWaitMs > timeoutMs: a lone request waits for company past its deadline; two fill a batch.
    const slow = await startServer({ port: 0, maxBatch: 2, maxWaitMs: 60_000, timeoutMs: 400, log: () => {} });
    try {
      const head = `POST /v1/classify HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"ima`;
      const status = await rawRequest(slow.url, head, "", () => {}, 10);
      expect(status).toBe("HTTP/1.1 408 Request Timeout");
      const lone = await call(slow.url, "/v1/classify", { body: JSON.stringify({ image: png(0).toString("base64") }) });
      expectError(lone, 504, "timeout");
      const pair = await call(slow.url, "/v1/classify", { body: JSON.stringify({ images: [png(0).toString("base64"), png(1).toString("base64")] }) });
      expect(pair.body.results.map((r: Json) => r.digit)).toEqual([label(0), label(1)]);
    } finally {
      await slow.close();
    }
  });

  it("close() lets an in-flight chat request finish (200), answers 503 to a request arriving meanwhile, then refuses connections", async () => {
    const closing = await startServer({ port: 0, maxWaitMs: 500, log: () => {} });
    const k = PICKS[7]!;
    const inFlight = call(closing.url, "/v1/chat/completions", { body: JSON.stringify(chatBody(k)) });
    let closed: Promise<void> | undefined;
    // A request whose headers are half sent when close() is called: its connection stays, it gets 503.
    const late = rawRequest(closing.url, "POST /v1/classify HTTP/1.1\r\nHost: x\r\n", "Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}", () => {
      closed = closing.close();
    });
    expect(await late).toBe("HTTP/1.1 503 Service Unavailable");
    const reply = await inFlight;
    expect(reply.status).toBe(200);
    expect(reply.body.choices[0].message.content).toBe(String(label(k)));
    await closed;
    await expect(fetch(`${closing.url}/health`)).rejects.toThrow();
  });
});
